"""Summaries the benchmarks report, computed one way for all of them."""

from __future__ import annotations

from collections.abc import Sequence


def p90(values: Sequence[float]) -> float:
    """The 90th percentile by nearest rank (no interpolation): a time one of the runs took."""
    return sorted(values)[int(0.9 * (len(values) - 1))]


def status_mb(field: str, pid: int | str = "self") -> float | None:
    """A memory line of ``/proc/<pid>/status`` (``VmRSS``, ``VmHWM``) in MB; None where there is
    no such file (not Linux) or line."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def own_peak_rss_mb() -> float:
    """This process's own peak resident memory in MB: the high-water mark of its address space
    (``VmHWM``). ``getrusage``'s ``ru_maxrss`` is kept across ``execve``, so a process started
    by a large parent reports the parent's size at the fork: the fuzz test's driver, spawned by a
    pytest worker that had grown past 1 GB, read 1,150 MB against its own 279."""
    peak = status_mb("VmHWM")
    if peak is not None:
        return peak
    import resource  # not Linux: the inherited figure, an upper bound

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
