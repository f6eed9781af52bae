"""The worker's maintenance loop: routines run on their interval, one failing stops none."""

from app import jobs


def test_a_failing_routine_does_not_keep_the_others_from_running(app, monkeypatch):
    ran: list[str] = []

    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("boom")

    def healthy() -> None:
        ran.append("healthy")

    app.config["TEST_ROUTINE_SECONDS"] = 3600
    monkeypatch.setattr(
        jobs,
        "_routines",
        [
            jobs._Routine(broken, "TEST_ROUTINE_SECONDS"),
            jobs._Routine(healthy, "TEST_ROUTINE_SECONDS"),
        ],
    )
    jobs.run_maintenance_once(app)
    jobs.run_maintenance_once(app)  # not due again for an hour
    assert ran == ["broken", "healthy"]

    app.config["TEST_ROUTINE_SECONDS"] = 0
    for routine in jobs._routines:
        routine.due = 0
    jobs.run_maintenance_once(app)
    assert ran == ["broken", "healthy", "broken", "healthy"]
