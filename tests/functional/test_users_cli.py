"""The users commands answer an unknown email with a clear error, not a traceback."""

import pytest


@pytest.mark.parametrize("command", ["token", "disable", "sign-out"])
def test_an_unknown_email_is_a_clear_error(runner, command):
    result = runner.invoke(args=["users", command, "nobody@example.org"])
    assert result.exit_code == 1
    assert "No account for nobody@example.org." in result.output
