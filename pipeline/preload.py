"""What the analysis workers' fork server imports before it forks any worker (see _pool in
pipeline/analyse.py): the pipeline's modules and the default spaCy model, loaded once there,
are in every worker from its start. Imported anywhere else, it only loads the model early."""

import contextlib

import pipeline.analyse  # noqa: F401
from pipeline.nlp import DEFAULT_MODEL, ModelNotInstalled, load_model

with contextlib.suppress(ModelNotInstalled):  # a worker reports it, for the model it is given
    load_model(DEFAULT_MODEL)
