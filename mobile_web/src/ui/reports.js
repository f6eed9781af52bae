// The reports screens, loaded lazily: see ui/reports-routes.js.
