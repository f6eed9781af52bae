"""The web app's shell: the page and its static assets. It talks to the API only."""

from __future__ import annotations

from flask import Blueprint, render_template

blp = Blueprint(
    "mobile_web",
    __name__,
    static_folder="static",
    static_url_path="/static",
    template_folder="templates",
)


@blp.route("/")
def index():
    return render_template("index.html")
