//! The whole demo world in memory, before it is written: the registry and a
//! compact plan of every pupil. Stages turn it into rows.
//!
//! Every part draws from its own random stream, derived from the seed and
//! the stream's number, so adding a stage (for example support cases per
//! pupil, stream [`Stream::Cases`]) leaves the data of the others unchanged.

use fastrand::Rng;

use crate::Scale;
use crate::pupils::{self, PupilAnchors, PupilPlan};
use crate::registry::{self, Registry};

/// The independent random streams of one generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Registry = 1,
    Pupils = 2,
    Guardians = 3,
    Enrolments = 4,
    Accounts = 5,
    /// Support cases (trajectories) per pupil.
    Cases = 6,
    /// The pool of professionals who sit in case teams, and the demo
    /// accounts' own cases.
    Staff = 7,
}

/// A random generator for one stream of one seed.
pub(crate) fn stream(seed: u64, stream: Stream) -> Rng {
    Rng::with_seed(splitmix64(
        seed ^ (stream as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    ))
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

pub(crate) struct World {
    pub reg: Registry,
    pub pupils: Vec<PupilPlan>,
    pub pupil_anchors: PupilAnchors,
}

impl World {
    /// Decide everything for a scale and seed. Pure: no clock, no I/O.
    pub(crate) fn build(scale: Scale, seed: u64) -> World {
        let mut rng = stream(seed, Stream::Registry);
        let mut reg = registry::build(&mut rng, scale);
        registry::size_locations(&mut rng, &mut reg, scale.params().pupils);
        let (pupils, pupil_anchors) = pupils::plan(&mut stream(seed, Stream::Pupils), &reg);
        World {
            reg,
            pupils,
            pupil_anchors,
        }
    }
}
