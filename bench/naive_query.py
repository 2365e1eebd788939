"""The naive baseline of one query: sentence-transformers + FAISS in a fresh process.

``python -m bench.naive_query INDEX_DIR "question"`` loads the model with sentence-transformers,
reads the index's FAISS file and prints the ids of the five nearest chunks.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    """Encode the question with sentence-transformers and search the index's vectors."""
    import faiss
    from sentence_transformers import SentenceTransformer

    from qa.index.embed import model_dir
    from qa.index.manifest import read_manifest

    index_dir, question = Path(sys.argv[1]), sys.argv[2]
    model = SentenceTransformer(str(model_dir()), device="cpu")
    vectors = faiss.read_index(str(index_dir / read_manifest(index_dir).vectors))
    query = model.encode([question], normalize_embeddings=True)
    _, ids = vectors.search(query, 5)
    print(ids[0].tolist())


if __name__ == "__main__":
    main()
