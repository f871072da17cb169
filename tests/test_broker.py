"""The embedded broker never shows a reader half a message: kombu's file-system transport creates
the message file before writing it, and a worker that lists the folder in between took an empty
file, failed to decode it and stopped consuming (seen as a report never made, under load)."""

import pytest
from kombu import Connection

import jobbspar  # noqa: F401  (registers the transport behind filesystem://)
from jobbspar import broker


def connection(folder):
    return Connection("filesystem://", transport_options={
        "data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False})


@pytest.mark.parametrize("module", ["jobbspar.broker", "kombu.transport.filesystem"])
def test_while_a_message_is_written_no_reader_can_take_it(tmp_path, monkeypatch, module):
    seen = []
    with connection(tmp_path) as conn:
        channel = conn.default_channel
        assert isinstance(channel, broker.Channel)
        real_dumps = __import__(module, fromlist=["dumps"]).dumps

        def dumps_and_look(payload):
            seen.append(channel._size("q"))  # what a worker listing the folder now would take
            return real_dumps(payload)

        if module == "jobbspar.broker":
            monkeypatch.setattr(broker, "dumps", dumps_and_look)
            channel._put("q", {"body": "whole"})
            assert seen == [0]
            assert channel._get("q") == {"body": "whole"}
        else:
            # kombu's own channel, for contrast: its empty file is visible while it writes.
            import kombu.transport.filesystem as plain

            monkeypatch.setattr(plain, "dumps", dumps_and_look)
            plain.Channel._put(channel, "q", {"body": "whole"})
            assert seen == [1]
