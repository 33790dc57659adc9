"""The package's errors: one class for everything migsim refuses, one for a missing module."""


class MigsimError(Exception):
    """migsim failed or refused: a run that exited non-zero (`stderr` holds its message, with the
    scenario's file:line), a document that is not migsim's, no binary found.

    Attributes: `returncode` and `stderr` of the command (None when no command ran), `command`
    (the argument list) and `path` (the document) when they apply."""

    def __init__(self, message, returncode=None, stderr=None, command=None, path=None):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr
        self.command = command
        self.path = path


class MissingModuleError(MigsimError, ImportError):
    """A Python module migsim needs for this call is not installed (the message names the
    Debian package that provides it)."""


APT = {"pandas": "python3-pandas", "numpy": "python3-numpy", "matplotlib": "python3-matplotlib"}


def need(module, what):
    """Import module (a name) for what (a phrase for the message), or raise MissingModuleError."""
    try:
        return __import__(module)
    except ImportError as e:
        pkg = APT.get(module, "python3-" + module)
        raise MissingModuleError(
            f"{what} needs the Python module '{module}' ({e}); on Debian: apt-get install {pkg}"
            f" (for Debian's /usr/bin/python3)") from None
