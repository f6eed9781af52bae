// The growth screens, loaded lazily: see ui/growth-routes.js.
