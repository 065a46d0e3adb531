"""A Kafka topic as a source (confluent-kafka, an optional extra): the consumer group
shares the topic's partitions between ``egide watch`` processes, offsets are committed
only after the batch is durably recorded, so a process killed at any moment hands its
partitions to the survivors without losing a message.

librdkafka opens its own sockets, out of reach of the Python network guard: the broker
named in the URL is checked against ``network.allow`` here, and every broker of the
cluster must be on that list too (the cluster advertises them)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from egide.errors import ConfigError, DependencyError, StreamError
from egide.i18n import Msg
from egide.security import egress
from egide.stream.sources import Record


class KafkaSource:
    def __init__(
        self, host: str, port: int, topic: str, group: str, options: dict[str, str]
    ) -> None:
        try:
            from confluent_kafka import Consumer
        except ImportError as exc:
            raise DependencyError("confluent-kafka", install="pip install 'egide[kafka]'") from exc
        guard = egress.installed()
        if guard is not None and not guard.allows(host, port):
            raise guard.refuse(host, port)
        self.topic = topic
        self.key: str | None = f"kafka://{host}:{port}/{topic}?group={group}"
        self.stop_at_end = options.get("eof", "0") in {"1", "true", "oui"}
        config: dict[str, Any] = {
            "bootstrap.servers": f"{host}:{port}",
            "group.id": group,
            "enable.auto.commit": False,
            "auto.offset.reset": options.get("offset", "earliest"),
            "session.timeout.ms": int(options.get("session_ms", "10000")),
            "heartbeat.interval.ms": int(options.get("heartbeat_ms", "1000")),
            "enable.partition.eof": self.stop_at_end,
        }
        self._consumer = Consumer(config)
        self._consumer.subscribe([topic])
        self._at_end: set[int] = set()
        self._finished = False

    @classmethod
    def from_url(cls, url: str, max_line: int, default_group: str) -> KafkaSource:
        del max_line  # Kafka records arrive whole; their size is checked when parsed
        parts = urlsplit(url)
        topic = parts.path.strip("/")
        if not parts.hostname or not parts.port or not topic:
            raise ConfigError(
                Msg("{url} : attendu kafka://HÔTE:PORT/SUJET?group=G", url=url)
            )
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return cls(parts.hostname, parts.port, topic, options.pop("group", default_group), options)

    @property
    def finished(self) -> bool:
        return self._finished

    def resume(self, checkpoint: dict[str, Any] | None) -> None:
        """Positions live in the broker: the group's committed offsets."""

    def read(self, limit: int, wait_s: float) -> list[Record]:
        from confluent_kafka import KafkaError

        out: list[Record] = []
        for message in self._consumer.consume(num_messages=limit, timeout=wait_s):
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    self._at_end.add(message.partition() or 0)
                    assigned = {tp.partition for tp in self._consumer.assignment()}
                    self._finished = bool(assigned) and assigned <= self._at_end
                    continue
                raise StreamError(f"{self.key}: {error.str()}")
            self._at_end.discard(message.partition() or 0)
            partition, offset = (message.partition() or 0), (message.offset() or 0)
            out.append(
                Record(
                    bytes(message.value() or b""),
                    f"partition {partition}, offset {offset}",
                    {"partition": partition, "offset": offset + 1},
                )
            )
        return out

    def done(self, records: list[Record]) -> None:
        from confluent_kafka import TopicPartition

        upto: dict[int, int] = {}
        for record in records:
            p, o = record.checkpoint["partition"], record.checkpoint["offset"]
            upto[p] = max(upto.get(p, 0), o)
        if upto:
            self._consumer.commit(
                offsets=[TopicPartition(self.topic, p, o) for p, o in upto.items()],
                asynchronous=False,
            )

    def close(self) -> None:
        self._consumer.close()
