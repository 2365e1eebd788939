"""qa: local question answering over news articles, with cited passages.

Example:
    >>> from qa import Retriever, index_paths
    >>> retriever = Retriever.open()          # the default index
    >>> answer = retriever.ask("Where did Trump and Kim meet after Hanoi?")
    >>> print(answer.text)
    >>> for citation in answer.citations:
    ...     print(citation.number, citation.doc_id, citation.line, citation.sentence)
    >>> report = index_paths(["~/news"], index_dir="/tmp/news-index")
    >>> with Retriever.open("/tmp/news-index") as news:
    ...     print(news.ask("What happened this week?").to_dict())

Importing ``qa`` is cheap: the names below load their modules on first use, and the model
loads on the first query.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.build import index_paths
    from qa.conversation import Conversation
    from qa.errors import IndexDamaged, IndexMismatch, IndexNotFound, QAError
    from qa.index.build import BuildReport
    from qa.index.paths import default_index_dir
    from qa.index.records import Document, Metadata
    from qa.retrieve import IndexInfo, Retriever
    from qa.types import Answer, Citation, Passage

_EXPORTS = {
    "Answer": "qa.types",
    "BuildReport": "qa.index.build",
    "Document": "qa.index.records",
    "Citation": "qa.types",
    "Conversation": "qa.conversation",
    "IndexDamaged": "qa.errors",
    "IndexInfo": "qa.retrieve",
    "IndexMismatch": "qa.errors",
    "IndexNotFound": "qa.errors",
    "Metadata": "qa.index.records",
    "Passage": "qa.types",
    "QAError": "qa.errors",
    "Retriever": "qa.retrieve",
    "default_index_dir": "qa.index.paths",
    "index_paths": "qa.build",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'qa' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
