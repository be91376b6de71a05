//! Run the same SQL on whichever engine a [`crate::Db`] or [`crate::Tx`] holds.
//! The body is compiled once per engine, so every bound value must encode on both.

/// Run `$body` with `$pool` bound to the read pool of the database.
macro_rules! on_read {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db.pools() {
            $crate::db::Pools::Sqlite { read: $pool, .. } => $body,
            $crate::db::Pools::Postgres($pool) => $body,
        }
    };
}

/// Run `$body` with `$conn` bound to the open transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx.inner_mut() {
            $crate::db::TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

/// Run `$body` with `$pool` bound to the pool for single-statement writes.
macro_rules! on_write {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db.pools() {
            $crate::db::Pools::Sqlite { write: $pool, .. } => $body,
            $crate::db::Pools::Postgres($pool) => $body,
        }
    };
}
