"""No input is loaded from an asset whose step failed earlier in the same run: executors that
run a step once its upstream steps have ended, whether or not they succeeded (the Dask
executor does), would otherwise go on with what an earlier run left there. The IO manager
(`TableStore` in assets/resources.py) refuses such an input; a step that reads no input
through it calls `require_no_failed_steps`.
"""

import dagster as dg


class UpstreamFailed(RuntimeError):
    """An input's step failed in this run: what its file holds is from another run."""


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """The steps of a run that failed (after any retries) so far."""
    events = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return sorted({e.step_key for e in events if e.step_key})


def require_no_failed_steps(context: dg.AssetExecutionContext, what: str) -> None:
    """For a step whose upstream assets pass no data through the IO manager: fail, rather
    than work from what an earlier run left, if a step failed earlier in this run."""
    failed = failed_steps(context.instance, context.run.run_id)
    if failed:
        raise UpstreamFailed(f"{what} not made: step(s) {', '.join(failed)} failed in this run "
                             "(see the errors above)")  # fmt: skip


def refuse_failed_upstream(context: dg.InputContext) -> None:
    """Raise UpstreamFailed if the step that makes this input failed earlier in this run."""
    upstream = context.upstream_output
    try:
        run_id = context.step_context.run_id
    except Exception:  # a context built outside a run (unit tests): nothing to compare with
        return
    if upstream is not None and upstream.step_key in failed_steps(context.instance, run_id):
        raise UpstreamFailed(
            f"{context.asset_key.to_user_string()} was not made in this run: step "
            f"{upstream.step_key} failed (see its error above), and what an earlier run left "
            "is not used in its place"
        )
