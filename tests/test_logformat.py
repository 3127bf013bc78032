import json
import logging

from pythonjsonlogger.json import JsonFormatter

from careercoach.lib.logformat import KeyValueFormatter


def _record(**extra) -> logging.LogRecord:
    record = logging.LogRecord("careercoach.request", logging.INFO, __file__, 1, "request", None, None)
    record.__dict__.update(extra)
    return record


def test_text_format_appends_extra_fields():
    line = KeyValueFormatter("%(levelname)s %(name)s %(message)s").format(_record(status=200, path="/x"))
    assert line == "INFO careercoach.request request status=200 path=/x"


def test_text_format_without_extras_is_plain():
    assert KeyValueFormatter("%(message)s").format(_record()) == "request"


def test_json_format_is_one_object_per_line():
    line = JsonFormatter("%(levelname)s %(name)s %(message)s").format(_record(status=503))
    assert json.loads(line) == {"levelname": "INFO", "name": "careercoach.request", "message": "request", "status": 503}
