"""The import as a whole: what it is asked (statuses, a role mapping, cluster quorums),
the ``generated:`` block its file carries, and re-imports (renames, a file that is not
the import's)."""

from __future__ import annotations

import json
import shutil

import yaml

from depgraph.loaders.imported import Previous
from depgraph.loaders.netbox.importer import Options, import_netbox, netbox_origin
from depgraph.loaders.netbox.recorded import Responses, read_recorded
from tests.helpers import run
from tests.loaders.netbox.test_places import SITE, device, page
from tests.loaders.netbox.test_recorded import RECORDED, needs_recorded


def _import(objects, **options):
    return import_netbox(Responses("4.2.9", objects, "saved"), Options(**options))


def test_a_device_not_active_is_left_out_unless_asked():
    objects = page(dcim__sites=[SITE], dcim__devices=[
        device(1, "web1", "server"),
        device(2, "web2", "server", status={"value": "planned"}, url="https://nb/dcim/devices/2/")])
    found = _import(objects)
    assert "device/web2" not in found.inventory
    assert found.left_out == (("device/web2", "status planned", "https://nb/dcim/devices/2/"),)
    assert found.generated["left_out"] == [
        {"id": "device/web2", "why": "status planned", "url": "https://nb/dcim/devices/2/"}]
    asked = _import(objects, statuses=frozenset({"active", "planned"}))
    assert asked.inventory["device/web2"].meta["status"] == "planned"
    assert not asked.left_out


def test_a_role_mapping_overrides_the_table_and_an_unknown_role_is_a_finding():
    objects = page(dcim__sites=[SITE], dcim__devices=[
        device(1, "hv1", "hypervisor", url="https://nb/dcim/devices/1/"),
        device(2, "tray1", "fibre-tray"), device(3, "rtr1", "router")])
    plain = _import(objects)
    assert plain.inventory["device/hv1"].type == "compute"
    assert [f.message for f in plain.findings if "role" in f.message] == [
        "device role 'fibre-tray' is not one the import knows: its devices are compute "
        "(a role mapping file says otherwise)",
        "device role 'hypervisor' is not one the import knows: its devices are compute "
        "(a role mapping file says otherwise)"]
    mapped = _import(objects, roles={"fibre-tray": None, "router": "storage",
                                     "hypervisor": "compute"})
    assert "device/tray1" not in mapped.inventory
    assert mapped.inventory["device/rtr1"].type == "storage"
    assert not [f for f in mapped.findings if "role" in f.message]


def test_a_cluster_needs_any_host_or_all_but_one():
    cluster = {"id": 7, "name": "prod", "status": {"value": "active"}}
    hosts = [device(i, f"hv{i}", "server", cluster={"id": 7}) for i in (1, 2, 3)]
    objects = page(dcim__sites=[SITE], dcim__devices=hosts,
                   virtualization__clusters=[cluster])
    [needs] = _import(objects).inventory["cluster/prod"].depends_on
    assert (needs.kind, needs.needed, needs.members) == ("any", 1, ("device/hv1", "device/hv2",
                                                                    "device/hv3"))
    [needs] = _import(objects, all_but_one=True).inventory["cluster/prod"].depends_on
    assert (needs.kind, needs.needed) == ("at_least", 2)
    two = page(dcim__sites=[SITE], dcim__devices=hosts[:2], virtualization__clusters=[cluster])
    [needs] = _import(two, all_but_one=True).inventory["cluster/prod"].depends_on
    assert (needs.kind, needs.needed) == ("any", 1)  # 2 - 1 is any of 2


def test_the_source_is_the_netbox_the_objects_name_however_they_were_read():
    assert netbox_origin({"dcim/sites": ({"url": "https://nb.example:8443/api/dcim/sites/1/"},)}
                         ) == "https://nb.example:8443"
    assert netbox_origin({"dcim/sites": ()}) == ""


def test_a_rename_in_netbox_is_carried_by_the_object_id():
    before = page(dcim__sites=[SITE], dcim__devices=[
        device(1, "rtr01", "router", url="https://nb/dcim/devices/1/")])
    after = page(dcim__sites=[SITE], dcim__devices=[
        device(1, "edge01", "router", url="https://nb/dcim/devices/1/")])
    first = _import(before)
    ids = {("dcim.device", 1): "device/rtr01"}
    renamed = import_netbox(Responses("4.2.9", after, "saved"), Options(), Previous(ids))
    assert renamed.renames == (("device/rtr01", "device/edge01", "https://nb/dcim/devices/1/"),)
    # Imported again, the file of the second import as the previous one: still said.
    again = import_netbox(Responses("4.2.9", after, "saved"), Options(),
                          Previous({("dcim.device", 1): "device/edge01"}, renamed.renames))
    assert again.renames == renamed.renames
    # Renamed back: the old name is the id again, the newer one is what was renamed.
    back = import_netbox(Responses("4.2.9", before, "saved"), Options(),
                         Previous({("dcim.device", 1): "device/edge01"}, renamed.renames))
    assert back.renames == (("device/edge01", "device/rtr01", "https://nb/dcim/devices/1/"),)
    assert not first.renames


@needs_recorded
def test_a_reimport_after_a_rename_points_hand_written_references_at_the_new_id(tmp_path):
    saved = tmp_path / "saved"
    shutil.copytree(RECORDED, saved)
    estate = tmp_path / "estate"
    estate.mkdir()
    generated = estate / "netbox.yaml"
    assert run("import", "netbox", "--from", saved, "-o", generated).exit_code == 0
    (estate / "apps.yaml").write_text(
        "components:\n- id: ehr\n  type: application\n  depends_on:\n"
        "  - device/dmi01-akron-rtr01\n"
        "amend:\n- id: device/dmi01-akron-rtr01\n  team: network\n  restore: 2h\n")
    assert run("validate", estate).exit_code == 0
    devices = saved / "dcim__devices.json"
    devices.write_text(devices.read_text().replace('"dmi01-akron-rtr01"', '"dmi01-akron-edge01"'))
    result = run("import", "netbox", "--from", saved, "-o", generated)
    assert result.exit_code == 0, result.output
    assert ("note: renamed at the source: device/dmi01-akron-rtr01 is now device/dmi01-akron-edge01 "
            "(http://127.0.0.1:8765/dcim/devices/1/)") in result.stderr
    check = run("validate", estate)
    assert check.exit_code == 2
    lines = [line for line in check.output.splitlines() if ": error:" in line]
    assert [line.split(": error:")[0].rsplit("/", 1)[1] for line in lines] == \
        ["apps.yaml:5:5", "apps.yaml:7:7"]
    assert all("write 'device/dmi01-akron-edge01'" in line for line in lines)


@needs_recorded
def test_the_import_never_overwrites_a_file_it_did_not_write(tmp_path):
    mine = tmp_path / "apps.yaml"
    mine.write_text("components:\n- id: ehr\n  type: application\n")
    result = run("import", "netbox", "--from", RECORDED, "-o", mine)
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr
    assert mine.read_text() == "components:\n- id: ehr\n  type: application\n"


@needs_recorded
def test_the_generated_file_keeps_the_findings_for_validate(tmp_path):
    out = tmp_path / "netbox.yaml"
    assert run("import", "netbox", "--from", RECORDED, "-o", out).exit_code == 0
    data = yaml.safe_load(out.read_text())
    assert data["generated"]["by"] == "depgraph import netbox"
    assert data["generated"]["source"] == "http://127.0.0.1:8765"
    found = import_netbox(read_recorded(RECORDED))
    assert len(data["generated"]["findings"]) == len(found.findings) == 124
    result = run("validate", out, "--format", "json")
    warnings = [p for p in json.loads(result.stdout)["problems"]
                if p["rule"] == "import-finding"]
    assert len(warnings) == 124
    assert out.read_text().startswith(
        "# Generated by depgraph import netbox from NetBox 4.2.9 at http://127.0.0.1:8765.\n"
        "# Do not edit: a re-import rewrites it.")


def test_a_bad_role_mapping_is_located_and_writes_nothing(tmp_path):
    roles = tmp_path / "roles.yaml"
    roles.write_text("hypervisor: compute\nfibre-tray: pasive\n")
    saved = tmp_path / "saved"
    saved.mkdir()
    out = tmp_path / "netbox.yaml"
    result = run("import", "netbox", "--from", saved, "--roles", roles, "-o", out)
    assert result.exit_code == 2
    assert f"{roles}:2:13: error: unknown component type 'pasive' (role 'fibre-tray'); " \
           "did you mean 'passive'?" in result.stderr
    assert not out.exists()
