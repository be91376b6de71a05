use brug_store::StoreError;
use thiserror::Error;

/// A problem with one form field, as a Fluent message id plus its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// All problems with a submitted form, so they can be shown at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message_id: &'static str) {
        self.0.push(FieldError {
            field,
            message_id,
            args: Vec::new(),
        });
    }

    pub fn add_with(
        &mut self,
        field: &'static str,
        message_id: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.0.push(FieldError {
            field,
            message_id,
            args,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(())` when empty, otherwise the errors as an `AppError`.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// What a use case can answer instead of a result.
#[derive(Debug, Error)]
pub enum AppError {
    /// Not there, or not for this actor (we never say which).
    #[error("not found")]
    NotFound,
    /// Signed in, but this part of Brug is not for this role.
    #[error("forbidden")]
    Forbidden,
    /// Not signed in (or the session ended).
    #[error("not signed in")]
    Unauthenticated,
    /// The second factor is still to be given (or set up).
    #[error("second factor required")]
    SecondFactorRequired,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Too many attempts; try again after this many minutes.
    #[error("too many attempts")]
    Throttled { minutes: u64 },
    #[error("conflict: {0}")]
    Conflict(String),
    /// The audit log could not store the event, so nothing is shown.
    #[error("audit log unavailable: {0}")]
    AuditUnavailable(String),
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> AppError {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict("stale version".into()),
            other => AppError::Store(other),
        }
    }
}
