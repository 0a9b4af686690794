"""What every step of one load shares (loaders/load.py, its two passes people_pass.py and links_pass.py,
and the delta bookkeeping in loaders/files.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph import GraphStore
from loaders.absent import Seen
from loaders.delta import HeldSources
from loaders.errors import ROW_QUARANTINED, FieldProblem
from loaders.known import LazyIndex
from loaders.mapping import Mapping
from loaders.quarantine import Quarantine
from loaders.report import FileReport
from loaders.rows import Rows
from loaders.writer import SHARED_NODE_QUERIES, BatchWriter


@dataclass
class LoadRun:
    """What every step of one load shares."""

    store: GraphStore
    index: LazyIndex
    writer: BatchWriter
    quarantine: Quarantine
    today: date
    held: HeldSources
    sources: dict[str, dict]  # what the graph held of each source when the load began
    marked: set[str] = field(default_factory=set)  # sources marked "loading" by this load
    direct_writes: int = 0  # writes outside the batches (file digests)
    seen: dict[str, Seen] = field(default_factory=dict)  # per mapping file: records it listed

    def writing(self, mapping: Mapping) -> None:
        """Before a source's first write: mark it as loading (see loaders/delta.py)."""
        if mapping.source_id not in self.marked:
            self.writer.wait()  # earlier batches are in; this source's rows are all still to come
            self.store.write("set_source_loading", uid=mapping.source_id, loading=mapping.extract_date)
            self.marked.add(mapping.source_id)

    def send(self, rows: Rows) -> None:
        """Queue (query, row) pairs in order, shared nodes (services, households) on their own path."""
        for query, row in rows:
            if query in SHARED_NODE_QUERIES:
                self.writer.add_shared(query, row)
            else:
                self.writer.add(query, row)

    def quarantine_row(
        self, report: FileReport, mapping: Mapping, row: int, problems: list[FieldProblem]
    ) -> None:
        """A row that cannot load: quarantined with its problems, and not remembered as loaded."""
        report.bad_rows.add(row)
        report.row_hashes.pop(row, None)
        self.quarantine.add(mapping.data_path, row, [p.kept(ROW_QUARANTINED) for p in problems])
