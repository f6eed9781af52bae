// The account screens, loaded lazily: see ui/account-routes.js.
