"""A marker: imported first in the lab workers' forkserver (:data:`engine.jobs.PRELOAD`), never by
the app's own process, so its presence in ``sys.modules`` says "this is a worker".

The forkserver imports the engine's modules again, and with them reads the settings: a bad
``TUNELAB_MAX_WORKERS`` or ``TUNELAB_RUN_CPU_SECONDS`` was warned of twice, once by the app and once
by the forkserver (the operator's walk), where the README promises one warning. The settings say
what is wrong in the app's process only (:func:`engine.settings.in_worker`).
"""
