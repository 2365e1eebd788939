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
    from index.build import BuildReport
    from index.records import Document
    from qa.build import index_paths
    from qa.conversation import Conversation
    from qa.errors import IndexDamaged, IndexMismatch, IndexNotFound, QAError
    from qa.retrieve import IndexInfo, Retriever
    from qa.types import Answer, Citation, Passage

_EXPORTS = {
    "Answer": "qa.types",
    "BuildReport": "index.build",
    "Document": "index.records",
    "Citation": "qa.types",
    "Conversation": "qa.conversation",
    "IndexDamaged": "qa.errors",
    "IndexInfo": "qa.retrieve",
    "IndexMismatch": "qa.errors",
    "IndexNotFound": "qa.errors",
    "Passage": "qa.types",
    "QAError": "qa.errors",
    "Retriever": "qa.retrieve",
    "index_paths": "qa.build",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'qa' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
