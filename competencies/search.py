"""Word search on competencies that understands Dutch: stems, accents folded, ranked.

Accents are folded in Python (one function, `fold`) before indexing and before querying, so
both databases see the same text and no database extension (PostgreSQL's `unaccent` needs
one) is required. Every word of a query must match the start of a stem, so "rekenen" finds
"rekenvaardigheid" and "gesprekken" finds "gesprek", while "taal" does not find "vertaalt".

- PostgreSQL: a GIN expression index over `to_tsvector('dutch', ...)` of the folded text
  (statements weight A, notes weight C), queried with `to_tsquery('dutch', 'word:* & ...')`
  and ranked with `ts_rank`.
- SQLite: an FTS5 table holding the text stemmed in Python by the same Snowball algorithm
  PostgreSQL's `dutch` configuration uses, queried with `"stem"*` terms and ranked with bm25.
  It is kept in step on every flush of a FrameworkItem (and by a trigger on delete);
  `rebuild_sqlite_index` fills it for rows written before it existed.

An item whose code equals, or starts with, the query comes first on both databases.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer
from sqlalchemy import (
    Connection,
    Subquery,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    column,
    delete,
    event,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from competencies.models import FrameworkItem

#: A word: letters and digits (the underscore, which \w includes, separates words).
WORD = re.compile(r"[^\W_]+")
#: More words than this in one query are ignored (a search box, not a document).
MAX_QUERY_WORDS = 16
#: Of a long text only the start is indexed: PostgreSQL refuses a text vector over 1 MB, and
#: this many characters of words make at most about a third of that.
MAX_INDEXED_CHARACTERS = 100_000

#: Words that say little, left out of a query: the stop words of PostgreSQL's `dutch`
#: configuration (Snowball's Dutch list), so that SQLite does not require what PostgreSQL drops.
STOP_WORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden
    toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie
    werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand
    geweest andere""".split()  # noqa: SIM905 - the list as PostgreSQL ships it
)

#: The SQLite FTS5 table and its delete trigger (made by a migration, SQLite only).
SQLITE_TABLE = "framework_items_fts"
#: The PostgreSQL expression index (made by a migration, PostgreSQL only).
POSTGRES_INDEX = "ix_framework_items_search"
#: Objects the migrations make for one database only; the models do not describe them.
DATABASE_ONLY_OBJECTS = frozenset({SQLITE_TABLE, POSTGRES_INDEX}) | {
    f"{SQLITE_TABLE}_{shadow}" for shadow in ("data", "idx", "content", "docsize", "config")
}


def described_by_models(_object, name, _type, reflected, _compare_to) -> bool:
    """For Alembic's include_object: leave the database-only search objects out."""
    return not (reflected and name in DATABASE_ONLY_OBJECTS)


#: The indexed document on PostgreSQL. The migration's index is made on exactly this
#: expression, so that the planner uses it.
POSTGRES_DOCUMENT = (
    "(setweight(to_tsvector('dutch'::regconfig, framework_items.search_text), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, framework_items.search_notes), 'C'))"
)

# --- text -----------------------------------------------------------------------------


def fold(text_: str) -> str:
    """Lower case without accents: 'Coöperatie' and 'réflectie' become 'cooperatie', 'reflectie'."""
    decomposed = unicodedata.normalize("NFKD", text_)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text_: str) -> list[str]:
    return WORD.findall(fold(text_))


def folded(text_: str) -> str:
    """The folded words, one space apart: what both databases index (the start of a long
    text, cut between words)."""
    joined = " ".join(words(text_))
    if len(joined) <= MAX_INDEXED_CHARACTERS:
        return joined
    return joined[: MAX_INDEXED_CHARACTERS + 1].rsplit(" ", 1)[0]


# Snowball's "dutch_porter" is the algorithm of PostgreSQL's `dutch` configuration (the
# newer "dutch" strips ge- and doubles vowels: "rekenen" -> "rekeen", no prefix of
# "rekenvaardigheid"). A stemmer object keeps state while it works: one per thread.
_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("dutch_porter")
    return stemmer


def stems(text_: str) -> list[str]:
    return _stemmer().stemWords(words(text_))


def item_texts(item: FrameworkItem) -> tuple[str, str]:
    """What an item is found by: (code, statements and keywords) and its notes."""
    parts = [item.human_code, item.full_statement, item.abbreviated_statement, *item.keywords]
    return folded(" ".join(p for p in parts if p)), folded(item.notes or "")


def refresh(item: FrameworkItem) -> None:
    """Set the item's folded search columns from its fields (call after changing them)."""
    item.search_text, item.search_notes = item_texts(item)


# --- querying -------------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    """The words searched for: stop words left out, as PostgreSQL does."""
    return [w for w in words(query) if w not in STOP_WORDS][:MAX_QUERY_WORDS]


def code_prefix(query: str) -> str:
    return query.strip().casefold()


def code_order(query: str):
    """0 for an item whose code is the query, 1 when its code starts with it, else 2."""
    code = code_prefix(query)
    lower_code = func.lower(FrameworkItem.human_code)
    return case((lower_code == code, 0), (_code_match(code), 1), else_=2)


def _code_match(code: str):
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return and_(
        FrameworkItem.human_code != "",
        func.lower(FrameworkItem.human_code).like(f"{escaped}%", escape="\\"),
    )


def found(connection: Connection, query: str) -> Subquery:
    """The items found: (item_id, score), a lower score better. An item is found when its
    text holds every word (as the start of a stem) or its code starts with the query.

    The text search drives (through its index), so the cost follows the number of matches,
    not the number of items.
    """
    by_code = select(FrameworkItem.id.label("item_id"), literal(0.0).label("score")).where(
        _code_match(code_prefix(query))
    )
    terms = query_words(query)
    by_text = _postgres(terms) if connection.dialect.name == "postgresql" else _sqlite(terms)
    either = (by_code if by_text is None else union_all(by_text, by_code)).subquery("either")
    return (
        select(either.c.item_id, func.min(either.c.score).label("score"))
        .group_by(either.c.item_id)
        .subquery("found")
    )


def _postgres(terms: list[str]):
    if not terms:
        return None
    tsquery = func.to_tsquery(
        literal_column("'dutch'::regconfig"),
        bindparam("tsquery", " & ".join(f"{t}:*" for t in terms)),
    )
    document = literal_column(POSTGRES_DOCUMENT)
    return select(
        FrameworkItem.id.label("item_id"), (-func.ts_rank(document, tsquery)).label("score")
    ).where(document.op("@@")(tsquery))


def _sqlite(terms: list[str]):
    stemmed = _stemmer().stemWords(terms)
    if not stemmed:
        return None
    # Only letters and digits reach MATCH, each quoted: nothing a user types is FTS syntax.
    expression = "{text notes} : (" + " AND ".join(f'"{s}"*' for s in stemmed) + ")"
    return (
        select(
            literal_column("item_id"),
            literal_column(f"bm25({SQLITE_TABLE}, 0.0, 10.0, 1.0)").label("score"),
        )
        .select_from(table(SQLITE_TABLE))
        .where(text(f"{SQLITE_TABLE} MATCH :fts_query").bindparams(fts_query=expression))
    )


# --- keeping the SQLite index in step -------------------------------------------------

_sqlite_index = table(
    SQLITE_TABLE, column("item_id", Uuid()), column("text", Text()), column("notes", Text())
)


def _write_sqlite_rows(connection: Connection, items, *, replace: bool) -> None:
    for item in items:
        if replace:
            key = f'item_id : "{item.id.hex}"'
            connection.execute(
                delete(_sqlite_index).where(literal_column(SQLITE_TABLE).op("MATCH")(key))
            )
        statement_text, notes = item_texts(item)
        connection.execute(
            insert(_sqlite_index).values(
                item_id=item.id,
                text=" ".join(stems(statement_text)),
                notes=" ".join(stems(notes)),
            )
        )


@event.listens_for(Session, "after_flush")
def _sync_sqlite_index(session: Session, _flush_context) -> None:
    added = [o for o in session.new if isinstance(o, FrameworkItem)]
    changed = [o for o in session.dirty if isinstance(o, FrameworkItem)]
    if not (added or changed):
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _write_sqlite_rows(connection, added, replace=False)
        _write_sqlite_rows(connection, changed, replace=True)


def rebuild_sqlite_index(connection: Connection) -> int:
    """Index every item again (SQLite); returns how many. PostgreSQL needs nothing."""
    if connection.dialect.name != "sqlite":
        return 0
    connection.execute(delete(_sqlite_index))
    rows = connection.execute(
        select(
            FrameworkItem.id,
            FrameworkItem.human_code,
            FrameworkItem.full_statement,
            FrameworkItem.abbreviated_statement,
            FrameworkItem.keywords,
            FrameworkItem.notes,
        )
    ).all()
    items = [
        FrameworkItem(
            id=row.id,
            human_code=row.human_code,
            full_statement=row.full_statement,
            abbreviated_statement=row.abbreviated_statement,
            keywords=row.keywords or [],
            notes=row.notes,
        )
        for row in rows
    ]
    _write_sqlite_rows(connection, items, replace=False)
    return len(items)
