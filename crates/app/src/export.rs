//! Exports of a school's lists (S5): pupils with support, the school's
//! cases, its handovers; as CSV (`,`, UTF-8) or as an Excel-compatible file
//! (`;`, UTF-8 with byte order mark, CRLF: Excel in Dutch settings opens it
//! with the columns and accents right; no extra crate for xlsx needed).
//!
//! Every cell goes through `brug_domain::network::csv_safe`, so text that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return (also text
//! that came in through an import) never becomes a formula.
//!
//! For the school's coordinator (`OrgAction::ExportLists`); each export is
//! one `export` event with the list, the format and the number of rows (a
//! list export is logged like the pupil list it exports, not per pupil).

use brug_domain::access::{OrgAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::ids::OrgId;
use brug_domain::network::csv_safe;
use brug_domain::registry::display_name;
use brug_store::network as store;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Pupils enrolled now with an open case.
    PupilsWithSupport,
    /// Every case of the school, open and closed.
    Cases,
    /// Handovers from and to the school.
    Handovers,
}

impl List {
    pub fn from_code(code: &str) -> Option<List> {
        match code {
            "pupils-with-support" => Some(List::PupilsWithSupport),
            "cases" => Some(List::Cases),
            "handovers" => Some(List::Handovers),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            List::PupilsWithSupport => "pupils-with-support",
            List::Cases => "cases",
            List::Handovers => "handovers",
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            List::PupilsWithSupport => "leerlingen-met-ondersteuning",
            List::Cases => "casussen",
            List::Handovers => "overdrachten",
        }
    }
}

/// Which file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180: `,`, UTF-8, LF.
    Csv,
    /// For Excel: `;`, UTF-8 with byte order mark, CRLF.
    Excel,
}

impl Format {
    pub fn from_code(code: &str) -> Option<Format> {
        match code {
            "" | "csv" => Some(Format::Csv),
            "excel" => Some(Format::Excel),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Excel => "excel",
        }
    }
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct File {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub rows: usize,
}

/// Write rows as CSV in `format`, every cell made safe for spreadsheets.
pub fn write_csv(format: Format, header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    if format == Format::Excel {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(if format == Format::Excel { b';' } else { b',' })
            .terminator(if format == Format::Excel {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(header.iter().map(|h| csv_safe(h).into_owned()));
        for row in rows {
            let _ = w.write_record(row.iter().map(|c| csv_safe(c).into_owned()));
        }
        let _ = w.flush();
    }
    out
}

fn date(d: time::Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// Export one of the school's lists (logged as an export).
pub async fn school_list(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    list: List,
    format: Format,
) -> Result<File, AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org: school,
            action: OrgAction::ExportLists,
        },
    );
    if !decision.is_allowed() {
        let access = Access::new(AuditAction::Export, "school_list", school);
        trail::record(app, ctx, &decision, access).await?;
        return Err(AppError::Forbidden);
    }
    let today = app.clock.today();
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match list {
        List::PupilsWithSupport | List::Cases => {
            let open_only = list == List::PupilsWithSupport;
            let rows = store::cases_of_school(&app.db, school.0, today, open_only).await?;
            let mut seen = std::collections::HashSet::new();
            let rows = rows
                .into_iter()
                .filter(|r| !open_only || seen.insert(r.pupil_id))
                .map(|r| {
                    vec![
                        r.pupil_number.unwrap_or_default(),
                        display_name(&r.given_name, r.name_prefix.as_deref(), &r.family_name),
                        date(r.birth_date),
                        r.grade,
                        r.case_title,
                        r.status,
                        date(r.first_signal_on),
                        r.lead_name.unwrap_or_default(),
                    ]
                })
                .collect();
            (
                vec![
                    "leerlingnummer",
                    "naam",
                    "geboortedatum",
                    "groep",
                    "casus",
                    "fase",
                    "eerste signaal",
                    "regievoerder",
                ],
                rows,
            )
        }
        List::Handovers => {
            let (outgoing, incoming) = crate::handover::school_items(app, ctx, school).await?;
            let rows = outgoing
                .into_iter()
                .map(|i| (i, "uitgaand"))
                .chain(incoming.into_iter().map(|i| (i, "inkomend")))
                .map(|(i, direction)| {
                    vec![
                        i.pupil_name,
                        i.birth_date.map(date).unwrap_or_default(),
                        direction.to_owned(),
                        i.other_school,
                        i.transition.code().to_owned(),
                        date(i.moves_on),
                        i.status.code().to_owned(),
                    ]
                })
                .collect();
            (
                vec![
                    "leerling",
                    "geboortedatum",
                    "richting",
                    "andere school",
                    "overgang",
                    "verhuisdatum",
                    "status",
                ],
                rows,
            )
        }
    };
    let body = write_csv(format, &header, &rows);
    let mut access = Access::new(AuditAction::Export, "school_list", school);
    access.fields = vec![
        format!("list={}", list.code()),
        format!("format={}", format.code()),
        format!("rows={}", rows.len()),
    ];
    trail::record(app, ctx, &decision, access).await?;
    Ok(File {
        file_name: format!(
            "{}-{}{}.csv",
            list.file_stem(),
            today,
            if format == Format::Excel {
                "-excel"
            } else {
                ""
            }
        ),
        content_type: "text/csv; charset=utf-8",
        body,
        rows: rows.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_files_have_a_bom_semicolons_and_safe_cells() {
        let out = write_csv(
            Format::Excel,
            &["naam", "notitie"],
            &[vec!["=cmd|' /C calc'!A0".into(), "a;b \"c\"".into()]],
        );
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "naam;notitie\r\n'=cmd|' /C calc'!A0;\"a;b \"\"c\"\"\"\r\n"
        );
    }

    #[test]
    fn csv_files_use_commas() {
        let out = write_csv(
            Format::Csv,
            &["a"],
            &[vec!["+1".into()], vec!["x,y".into()]],
        );
        assert_eq!(String::from_utf8(out).expect("utf-8"), "a\n'+1\n\"x,y\"\n");
    }
}
