//! `Milestone`: one dated commitment of a task.

use std::sync::Arc;

use async_graphql::Object;
use chrono::NaiveDate;

use super::enums::{MilestoneKind, MilestoneSource, Precision};
use super::page::{Counted, NoEdgeFields};
use super::task::Task;
use crate::model::{self, Catalog, Pos};

/// A page of the milestone timeline.
pub type MilestoneConnection = async_graphql::connection::Connection<usize, Milestone, Counted, NoEdgeFields>;

/// One dated commitment of a task (2020年底前, 2021年6月, 到2022年…达到…).
pub struct Milestone {
    cat: Arc<Catalog>,
    milestone: Pos<model::Milestone>,
}

impl Milestone {
    pub(crate) fn new(cat: &Arc<Catalog>, m: &model::Milestone) -> Milestone {
        Milestone { cat: cat.clone(), milestone: cat.pos(m) }
    }

    fn record(&self) -> &model::Milestone {
        self.cat.at(self.milestone)
    }
}

/// One dated commitment of a task (2020年底前, 2021年6月, 到2022年…达到…).
#[Object(crate = "crate::api::resolve::graphql")]
impl Milestone {
    /// The task that makes the commitment.
    async fn task(&self) -> Option<Task> {
        self.cat.task(self.record().task).map(|t| Task::new(&self.cat, t))
    }

    /// The last day the commitment covers: 2020年6月 is 2020-06-30, 2020年底 is
    /// 2020-12-31.
    async fn date(&self) -> NaiveDate {
        self.record().date
    }

    /// How precisely the document gives the date.
    async fn precision(&self) -> Precision {
        self.record().precision.into()
    }

    /// What the commitment promises by the date.
    async fn kind(&self) -> MilestoneKind {
        self.record().kind.into()
    }

    /// Whether the date was read from the deadline column or the task text.
    async fn source(&self) -> MilestoneSource {
        self.record().source.into()
    }

    /// The words the date was read from.
    async fn text(&self) -> &str {
        &self.record().text
    }

    /// 1-based position among the task's milestones.
    async fn position(&self) -> u16 {
        self.record().seq
    }
}
