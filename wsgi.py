import gc

from app import create_app

app = create_app()
# What the app built at start-up (modules, mappers, schemas: some 300,000 objects) lives as
# long as the process: keep it out of the collector's full passes, which otherwise walk all of
# it every few requests that load hundreds of rows (a pause of ~90 ms on the caseload's p95).
gc.freeze()
