"""What a worker process loads: the queue and every task module.

Run it with `huey_consumer app.worker.huey` (make run starts one).
"""

import app.health  # noqa: F401 - the worker's heartbeat
import app.mail  # noqa: F401 - registers the mail task
import app.portability.services  # noqa: F401 - export and import jobs
import app.push  # noqa: F401 - web push
import app.recovery  # noqa: F401 - the sweep of stalled jobs, in the maintenance loop
import media.tasks  # noqa: F401 - registers the media tasks on the queue
from app import create_app
from app.jobs import huey, use_app_factory

use_app_factory(create_app)

__all__ = ["huey"]
