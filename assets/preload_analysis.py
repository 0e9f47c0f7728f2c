"""What a fork server imports before it forks processes that only analyse texts (see
`forkserver.buckets_ahead`): the code that builds a bucket, the model and stages of the default
setup and the language detector's models for Latin-script text; no Dagster, which would take
seconds more. Imported by assets/preload.py too; not meant to be imported elsewhere.
"""

import contextlib

import ftfy  # noqa: F401 - imported when the first text is decoded (a sixth of a second)

from pipeline.extract.analyse import Setup, preload_stages
from pipeline.extract.lexicon import lexicon_folder, load_lexicon
from pipeline.extract.nlp import DEFAULT_MODEL
from pipeline.ingest.language import detect_language
from pipeline.publish import tables  # noqa: F401 - what the processes run (a second to import)

_lexicons = lexicon_folder()  # as the Lexicons resource finds them, unless a run sets others
with contextlib.suppress(Exception):  # a step reports what fails, when it loads them itself
    load_lexicon(_lexicons)
preload_stages(Setup(DEFAULT_MODEL, _lexicons))
# Loads the models of every language written in the Latin script (half a second, 55 MB).
detect_language("The electoral council said on Sunday that the count would resume after a "
                "delay, and observers from several countries asked to see the tally sheets.")
