"""ingested_documents -> parsed_documents (spaCy) -> sentences, and the finished documents."""

import dagster as dg
import pandas as pd

from assets.checks import contract_check, output_metadata, table_metadata
from assets.resources import Lexicons, SpacyModel
from pipeline import nlp, tables


@dg.asset(group_name="parse", kinds={"spacy"})
def parsed_documents(
    context: dg.AssetExecutionContext, ingested_documents: pd.DataFrame, spacy_model: SpacyModel
) -> dg.Output[bytes]:
    """Every body parsed once by the spaCy model (tokens, tags, parse, entities), as a DocBin."""
    docs = tables.parse_documents(
        ingested_documents,
        spacy_model.name,
        spacy_model.n_process,
        spacy_model.batch_size,
        progress=context.log.info,
    )
    return dg.Output(
        nlp.to_bytes(docs),
        metadata={
            "documents": len(docs),
            "tokens": sum(len(d) for d in docs),
            "model": spacy_model.name,
        },
    )


@dg.asset(group_name="parse", metadata=table_metadata("sentences"))
def sentences(
    ingested_documents: pd.DataFrame, parsed_documents: bytes, spacy_model: SpacyModel
) -> dg.Output[pd.DataFrame]:
    """One row per sentence, with its offsets in the body and its kind (body, quote, caption)."""
    failures = tables.Failures()
    df = tables.build_sentences(
        ingested_documents, spacy_model.load_docs(parsed_documents), failures
    )
    return dg.Output(df, metadata=output_metadata(df, failures))


sentences_check = contract_check("sentences")


@dg.asset(group_name="parse", metadata=table_metadata("documents"))
def documents(
    ingested_documents: pd.DataFrame,
    parsed_documents: bytes,
    spacy_model: SpacyModel,
    lexicons: Lexicons,
) -> dg.Output[pd.DataFrame]:
    """One row per accepted text: title, outlet, dates (stated, or inferred from the content),
    the clean body, and the earlier document it repeats, if any."""
    failures = tables.Failures()
    df = tables.finish_documents(
        ingested_documents, spacy_model.load_docs(parsed_documents), lexicons.load_calendar(),
        failures,
    )  # fmt: skip
    return dg.Output(df, metadata=output_metadata(df.drop(columns="body"), failures))


documents_check = contract_check("documents")
