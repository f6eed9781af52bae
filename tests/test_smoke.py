def test_register_and_me(register):
    api = register("Sanne")
    me = api.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json["display_name"] == "Sanne"
    assert len(me.json["dossiers"]) == 1


def test_photo_upload(register, jpeg):
    api = register("Sanne")
    r = api.upload(jpeg(), title="Hallo")
    assert r.status_code == 201, r.json
    assert {"original", "thumbnail", "display"} <= set(r.json["media"])
