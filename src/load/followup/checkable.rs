//! How far follow-up rows can be checked against a plan that has problems
//! of its own: a row naming an item whose name is in doubt is not reported.

/// How far the follow-up rows are checked against a plan with problems:
/// each cell that names an item of the plan (a region, an indicator, an
/// activity) is checked against its list only where the list is sound,
/// so that a problem in one region holds back only the rows that may
/// name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkable {
    /// The regions, which a response names by id, name or code.
    pub regions: Doubts,
    /// The indicators, which a response names by id.
    pub indicators: Doubts,
    /// The indicators (by index in the plan) whose kind, range or unit has
    /// a problem: the values of their rows are not checked against them.
    pub indicator_values: Vec<usize>,
    /// The activities, which a status names by id.
    pub activities: Doubts,
}

impl Checkable {
    /// Every row, against every list.
    pub const ALL: Self = Self {
        regions: Doubts::NONE,
        indicators: Doubts::NONE,
        indicator_values: Vec::new(),
        activities: Doubts::NONE,
    };

    /// No row against any list: each only for what needs no plan (its
    /// columns, its status word, its comment).
    pub const NONE: Self = Self {
        regions: Doubts::WHOLE,
        indicators: Doubts::WHOLE,
        indicator_values: Vec::new(),
        activities: Doubts::WHOLE,
    };
}

/// The problems of one list of the plan that bear on the rows naming its
/// items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubts {
    /// The whole list: missing, not a list, or perhaps moved away. No row
    /// is checked against it.
    pub whole: bool,
    /// The items (by index in the plan) with a problem in a name a row may
    /// use: a row naming one of them, or naming no item at all, may mean
    /// that one, and is not checked against the list.
    pub names: Vec<usize>,
    /// An item of the list may stand elsewhere in the file, or have lost a
    /// name there (plan.yaml's shape has a problem: a key unknown or
    /// missing, a value of the wrong type, `code:` indented out of its
    /// region): a row naming no item may mean one, and is not reported.
    pub misplaced: bool,
}

impl Doubts {
    /// A sound list.
    pub const NONE: Self = Self {
        whole: false,
        names: Vec::new(),
        misplaced: false,
    };

    /// A list no row can be checked against.
    pub const WHOLE: Self = Self {
        whole: true,
        names: Vec::new(),
        misplaced: false,
    };

    /// Notes a problem in a name of item `index`.
    pub fn doubt(&mut self, index: usize) {
        if !self.names.contains(&index) {
            self.names.push(index);
        }
    }

    /// What a cell names in `list`, given the items (by index) whose
    /// names it matches.
    pub(super) fn resolve<'a, T>(&self, list: &'a [T], matches: &[usize]) -> Named<'a, T> {
        if self.whole {
            return Named::InDoubt;
        }
        match matches {
            [] if self.names.is_empty() && !self.misplaced => Named::Unknown,
            [index] if !self.names.contains(index) => {
                list.get(*index).map_or(Named::InDoubt, Named::Item)
            }
            // Two items of one name are a problem the plan's check reports.
            _ => Named::InDoubt,
        }
    }
}

/// What a cell of a follow-up row names in a list of the plan.
#[derive(Debug)]
pub(super) enum Named<'a, T> {
    /// One item.
    Item(&'a T),
    /// No item: a problem of the row.
    Unknown,
    /// Perhaps an item whose name has a problem in the plan: the row is not
    /// checked against the list.
    InDoubt,
}

impl<'a, T> Named<'a, T> {
    /// The item, when the cell names one for sure.
    pub(super) fn item(self) -> Option<&'a T> {
        match self {
            Named::Item(item) => Some(item),
            Named::Unknown | Named::InDoubt => None,
        }
    }
}
