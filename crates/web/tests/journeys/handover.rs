//! S5: the social map, the handover of a plan between two schools with the
//! family's consent, and the school's list exports.

use brug_store::network::{self as network_store, NewHandover};
use time::macros::date;

use crate::support::{TestApp, World};

/// Handovers of P10's case from school A to school B for the access matrix:
/// one prepared (nothing asked yet), one cancelled (every step refused).
pub struct HandoverIds {
    pub prepared: i64,
    pub cancelled: i64,
}

pub async fn fixture(t: &TestApp, w: &World) -> HandoverIds {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    let new = NewHandover {
        case_id: w.case_p10,
        pupil_id: w.p10,
        from_school_id: w.school_a,
        to_school_id: w.school_b,
        transition: "within_sector".into(),
        moves_on: date!(2027 - 08 - 20),
        sections: String::new(),
        goal_ids: String::new(),
        what_worked: "Een vaste plek in de klas en een dagplanning op tafel.".into(),
        what_did_not: String::new(),
        prepared_by_user_id: Some(w.coordinator_a.id),
        prepared_by_name: w.coordinator_a.name.clone(),
    };
    let cancelled = network_store::insert_handover(&mut tx, &new, now)
        .await
        .expect("handover");
    assert!(
        network_store::move_stage(&mut tx, cancelled, "prepared", "cancelled", now)
            .await
            .expect("cancel")
    );
    let prepared = network_store::insert_handover(&mut tx, &new, now)
        .await
        .expect("handover");
    tx.commit().await.expect("commit");
    HandoverIds {
        prepared,
        cancelled,
    }
}
