-- Regions (S7b): a region is an organisation of kind 'region' (in Brug the
-- youth care regions, jeugdregio's); its municipalities are listed here. A
-- municipality lies in at most one region. The monitor publishes figures
-- per region (municipality → region → country). Kept in step with the other
-- engine's file.

CREATE TABLE region_municipalities (
    municipality_id BIGINT PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    region_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX region_municipalities_region ON region_municipalities (region_id);
