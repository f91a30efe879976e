"""Which bank items load_bank may write, so that it never overwrites a teacher's work.

load_bank records a hash of each item's content as it wrote it (BankLoadRecord). On the next load an item is:
- missing from the database: created;
- the same in the database as in the files: left (and its hash recorded);
- unchanged in the database since the last load (its hash is the recorded one): updated from the files;
- edited since the last load (admin, API, import), or never loaded by load_bank: left, and reported as a
  conflict, unless the mode is FORCE.
In the ONLY_NEW mode (`make run`) every item already in the database is left, without a conflict.
"""

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum

from quizzes.models import BankLoadRecord

Kind = BankLoadRecord.Kind


class LoadMode(Enum):
    SYNC = "sync"  # update what nobody edited since the last load; report the rest
    ONLY_NEW = "only_new"  # add what is missing, leave everything else
    FORCE = "force"  # make the database say what the files say


class Decision(Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    KEEP = "keep"


@dataclass(frozen=True)
class Conflict:
    """An item edited since the last load, left as the database has it."""

    file: str
    item: str

    def __str__(self):
        return f"{self.file}: {self.item}: edited in the admin since the last load; --force to overwrite"


@dataclass
class BankSync:
    """The bookkeeping of one load: the recorded hashes, the decisions taken and the conflicts found."""

    mode: LoadMode
    recorded: dict[tuple[str, str], str]
    conflicts: list[Conflict] = field(default_factory=list)
    loaded: dict[tuple[str, str], str] = field(default_factory=dict)

    def decide(self, *, kind: str, item: str, file: str, current: dict | None, wanted: dict) -> Decision:
        """Whether to write an item whose content is `current` in the database (None: missing) as `wanted`."""
        wanted_hash = content_hash(wanted)
        if current is None:
            self.loaded[kind, item] = wanted_hash
            return Decision.CREATE
        current_hash = content_hash(current)
        if current_hash == wanted_hash:
            self.loaded[kind, item] = wanted_hash
            return Decision.UNCHANGED
        if self.mode is LoadMode.ONLY_NEW:
            return Decision.KEEP
        if self.mode is LoadMode.FORCE or self.recorded.get((kind, item)) == current_hash:
            self.loaded[kind, item] = wanted_hash
            return Decision.UPDATE
        self.conflicts.append(Conflict(file=file, item=item))
        return Decision.KEEP

    def save(self) -> None:
        """Record the hash of every item this load wrote or found as the files say."""
        for (kind, item), loaded_hash in self.loaded.items():
            BankLoadRecord.objects.update_or_create(kind=kind, item=item, defaults={"content_hash": loaded_hash})


def start_sync(*, mode: LoadMode) -> BankSync:
    """Return the bookkeeping for a load in the given mode, with the hashes recorded by earlier loads."""
    recorded = {(kind, item): digest for kind, item, digest in BankLoadRecord.objects.values_list(
        "kind", "item", "content_hash"
    )}  # fmt: skip
    return BankSync(mode=mode, recorded=recorded)


def content_hash(content: dict) -> str:
    """SHA-256 of an item's content in a canonical JSON form (keys sorted), as hex."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
