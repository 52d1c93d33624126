//! The kinds of page furniture a page's markup can name (menus, footers, comment sections...):
//! the vocabulary of `dom = [...]` in rules files, which the HTML reader fills in for each block.

/// A kind of page furniture the markup can name. Rules name them in `dom = [...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Hint {
    Nav,
    Menu,
    Footer,
    Header,
    Aside,
    Sidebar,
    Widget,
    Comment,
    Share,
    Related,
    Breadcrumb,
    Cookie,
    Newsletter,
    Ad,
    Tags,
    AuthorBio,
    Pagination,
    Dialog,
    Form,
    LinkList,
    Caption,
    Byline,
    /// A teaser of another story; but a teaser before the body is the article's own lead
    /// (German sites call the standfirst `teaser`), see the dom pass.
    Teaser,
}

impl Hint {
    pub const ALL: [Hint; 23] = [
        Hint::Nav,
        Hint::Menu,
        Hint::Footer,
        Hint::Header,
        Hint::Aside,
        Hint::Sidebar,
        Hint::Widget,
        Hint::Comment,
        Hint::Share,
        Hint::Related,
        Hint::Breadcrumb,
        Hint::Cookie,
        Hint::Newsletter,
        Hint::Ad,
        Hint::Tags,
        Hint::AuthorBio,
        Hint::Pagination,
        Hint::Dialog,
        Hint::Form,
        Hint::LinkList,
        Hint::Caption,
        Hint::Byline,
        Hint::Teaser,
    ];

    /// The name rules use for this hint.
    pub fn name(self) -> &'static str {
        match self {
            Hint::Nav => "nav",
            Hint::Menu => "menu",
            Hint::Footer => "footer",
            Hint::Header => "header",
            Hint::Aside => "aside",
            Hint::Sidebar => "sidebar",
            Hint::Widget => "widget",
            Hint::Comment => "comment",
            Hint::Share => "share",
            Hint::Related => "related",
            Hint::Breadcrumb => "breadcrumb",
            Hint::Cookie => "cookie",
            Hint::Newsletter => "newsletter",
            Hint::Ad => "ad",
            Hint::Tags => "tags",
            Hint::AuthorBio => "author-bio",
            Hint::Pagination => "pagination",
            Hint::Dialog => "dialog",
            Hint::Form => "form",
            Hint::LinkList => "link-list",
            Hint::Caption => "caption",
            Hint::Byline => "byline",
            Hint::Teaser => "teaser",
        }
    }

    pub fn from_name(name: &str) -> Option<Hint> {
        Hint::ALL.into_iter().find(|h| h.name() == name)
    }

    pub fn bit(self) -> u32 {
        1 << (self as u8)
    }
}

/// A set of hints, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Hints(pub u32);

impl Hints {
    pub fn has(self, h: Hint) -> bool {
        self.0 & h.bit() != 0
    }
    pub fn add(&mut self, h: Hint) {
        self.0 |= h.bit();
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Only the [`Hint::Teaser`] hint: a lead paragraph when it comes before the body.
    pub fn only_teaser(self) -> bool {
        self.0 == Hint::Teaser.bit()
    }
    pub fn intersects(self, other: Hints) -> bool {
        self.0 & other.0 != 0
    }
    /// The names of the hints in the set, in [`Hint::ALL`] order.
    pub fn names(self) -> Vec<&'static str> {
        Hint::ALL
            .into_iter()
            .filter(|h| self.has(*h))
            .map(Hint::name)
            .collect()
    }
}
