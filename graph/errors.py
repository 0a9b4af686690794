"""familynet's own errors: engine and driver errors are turned into these with messages a user can act on."""


class FamilynetError(Exception):
    """Base of every error familynet raises on purpose."""


class ConfigurationError(FamilynetError):
    """A setting is missing or wrong."""


class NotFound(FamilynetError):
    """Nothing has that id, or nothing this user may know of: the same answer, on purpose."""

    def __init__(self, message: str, title: str = "Not found") -> None:
        super().__init__(message)
        self.title = title


class Forbidden(FamilynetError):
    """The signed-in user may not do this; the message says why, for them and for the audit trail."""


class Unavailable(FamilynetError):
    """Something familynet needs (the graph, the audit trail) is not answering, so nothing is shown."""


class GraphUnavailable(Unavailable):
    """The graph engine cannot be reached (stopped, wrong URL, wrong credentials)."""


class QueryNotFound(FamilynetError):
    """Code asked for a named query that has no file in cypher/."""


class QueryError(FamilynetError):
    """The engine rejected a query; ``position`` is the 1-based offset when the engine gives one."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class WriteRefused(QueryError):
    """A query sent on the read-only path tried to change the graph."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class QueryTooLarge(QueryError):
    """A query needed more memory than one query may have, or would build a list the engine cannot stop."""


class TooManyQueries(FamilynetError):
    """An analyst query was refused because its user, or everyone together, has as many running as allowed."""
