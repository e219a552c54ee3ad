"""How an incident's fields are voted from its reports."""

from casus.models import Attribution, Evidence, Mention, Report
from casus.resolve.facts import incident_fields


def _report(doc: str, operations: list[str]) -> Report:
    ev = Evidence(doc, "s", 0, 1)
    return Report(doc, operation_types=[Mention(o, ev) for o in operations], victims=[Mention("ALB", ev)])


def test_facts_operation_types_any_of_a_few_reports_but_not_one_stray_in_many():
    few = [_report("a", ["wiper"]), _report("b", ["ddos"])]
    assert set(incident_fields(few)["operation_types"]) == {"wiper", "ddos"}
    many = [_report(str(i), ["wiper"]) for i in range(5)] + [_report("x", ["phishing"])]
    assert incident_fields(many)["operation_types"] == ["wiper"]


def test_facts_the_accused_is_not_also_a_victim_unless_it_is_the_only_one():
    ev = Evidence("a", "s", 0, 1)
    blamed = Report("a", victims=[Mention("USA", ev)], attributions=[Attribution("USA", "CHN", ev)])
    retort = Report("b", victims=[Mention("CHN", ev)])
    assert incident_fields([blamed, retort])["victims"] == ["USA"]
    alone = Report("c", victims=[Mention("IRN", ev)], attributions=[Attribution("USA", "IRN", ev)])
    assert incident_fields([alone])["victims"] == ["IRN"]
