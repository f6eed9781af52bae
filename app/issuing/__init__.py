"""Issuing Open Badges 3.0 credentials to a dossier's owner from confirmations given in the app
(signed internship reports, supervisors' levels), and revoking them."""
