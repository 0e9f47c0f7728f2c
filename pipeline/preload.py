"""What the analysis workers' fork server imports before it forks any worker (see _pool in
pipeline/analyse.py): the pipeline's modules, the model and the stages of the run it serves,
built once there, are in every worker from its start. Not meant to be imported elsewhere."""

from pipeline.analyse import preload_stages

preload_stages()
