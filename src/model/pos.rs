//! Typed positions of records in a [`Catalog`]'s sorted vectors: what the
//! API's objects hold instead of a copy of the record they show, so building
//! a page of tasks copies no strings.

use std::fmt;
use std::marker::PhantomData;

use super::{Assignment, Catalog, Department, Document, Milestone, Place, Task};

/// The position of a `T` in one catalog. Only meaningful with the catalog
/// it came from.
pub struct Pos<T> {
    index: u32,
    record: PhantomData<fn() -> T>,
}

impl<T> Clone for Pos<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Pos<T> {}

impl<T> fmt::Debug for Pos<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pos({})", self.index)
    }
}

/// A kind of record a catalog keeps in one sorted vector.
pub trait Record: Sized {
    fn all(catalog: &Catalog) -> &[Self];
    /// The catalog's own record equal to `record`, found by its key through
    /// the catalog's indexes: for a copy of a record rather than the original.
    fn find<'c>(catalog: &'c Catalog, record: &Self) -> Option<&'c Self>;
}

macro_rules! records {
    ($($record:ty => $method:ident, |$c:ident, $r:ident| $find:expr;)*) => {
        $(impl Record for $record {
            fn all(catalog: &Catalog) -> &[Self] {
                catalog.$method()
            }
            fn find<'c>($c: &'c Catalog, $r: &Self) -> Option<&'c Self> {
                $find
            }
        })*
    };
}

records!(
    Place => places, |c, r| c.place(r.id);
    Document => documents, |c, r| c.document(r.id);
    Department => departments, |c, r| c.department(r.id);
    Task => tasks, |c, r| c.task(r.id);
    Assignment => assignments, |c, r| c.task_assignments(r.task).find(|a| {
        (a.role, a.rank, a.department) == (r.role, r.rank, r.department)
    });
    Milestone => milestones, |c, r| c.task_milestones(r.task).find(|m| m.seq == r.seq);
);

impl Catalog {
    /// The position of one of this catalog's records: its address when it
    /// is the catalog's own (no search), else where its key is found.
    ///
    /// # Panics
    /// When the catalog holds no such record.
    pub fn pos<T: Record>(&self, record: &T) -> Pos<T> {
        let all = T::all(self);
        let own = |r: &T| all.as_ptr_range().contains(&(r as *const T));
        let record =
            if own(record) { record } else { T::find(self, record).expect("a record this catalog holds") };
        // Address arithmetic on a reference into `all`: nothing is dereferenced.
        let index = (record as *const T as usize - all.as_ptr() as usize) / size_of::<T>();
        Pos { index: index as u32, record: PhantomData }
    }

    /// The record at a position this catalog gave out.
    pub fn at<T: Record>(&self, pos: Pos<T>) -> &T {
        &T::all(self)[pos.index as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_for_own_records_and_copies() {
        let place = |name: &str| Place {
            id: crate::model::PlaceId::from_name(name),
            name: name.into(),
            province: String::new(),
            level: None,
            code: None,
            parent: None,
        };
        let places = vec![place("江门市"), place("珠海市"), place("大竹县")];
        let catalog = Catalog::new(1, places, vec![], vec![], vec![], vec![], vec![]);
        for p in catalog.places() {
            assert!(std::ptr::eq(catalog.at(catalog.pos(p)), p));
        }
        let copy = catalog.places()[1].clone();
        assert!(std::ptr::eq(catalog.at(catalog.pos(&copy)), &catalog.places()[1]));
        let missing = place("韶关市");
        assert!(std::panic::catch_unwind(|| catalog.pos(&missing)).is_err());
    }
}
