"""RFC 6962 known answers, round trips over many sizes, and mutated proofs."""

from __future__ import annotations

import pytest

from egide.security import merkle

# The standard 8-leaf test tree of RFC 6962 implementations, and its published roots.
LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
CONSISTENCY = [
    (
        2,
        8,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
HASHED = [merkle.leaf_hash(x) for x in LEAVES]
BIG = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(40)]


def test_known_roots_for_every_size() -> None:
    for n in range(9):
        assert merkle.root(HASHED[:n]).hex() == ROOTS[n], n


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, proof: list[str]) -> None:
    got = merkle.inclusion_proof(HASHED, index, size)
    assert [h.hex() for h in got] == proof
    assert merkle.verify_inclusion(HASHED[index], index, size, got, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_known_consistency_proofs(old: int, new: int, proof: list[str]) -> None:
    got = merkle.consistency_proof(HASHED, old, new)
    assert [h.hex() for h in got] == proof
    assert merkle.verify_consistency(
        old, new, bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new]), got
    )


def test_every_proof_round_trips() -> None:
    roots = [merkle.root(BIG[:n]) for n in range(len(BIG) + 1)]
    for n in range(1, len(BIG) + 1):
        for i in range(n):
            proof = merkle.inclusion_proof(BIG, i, n)
            assert merkle.verify_inclusion(BIG[i], i, n, proof, roots[n])
        for m in range(n + 1):
            proof = merkle.consistency_proof(BIG, m, n)
            assert merkle.verify_consistency(m, n, roots[m], roots[n], proof)


def _flips(proof: list[bytes]) -> list[list[bytes]]:
    out = []
    for i, h in enumerate(proof):
        for bit in (0, 7, 255):
            b = bytearray(h)
            b[bit // 8] ^= 1 << (bit % 8)
            out.append([*proof[:i], bytes(b), *proof[i + 1 :]])
    return out


def _mutations(proof: list[bytes]) -> list[list[bytes]]:
    extra = merkle.leaf_hash(b"intrus")
    muts = _flips(proof)
    for i in range(len(proof)):
        muts.append(proof[:i] + proof[i + 1 :])  # element removed
    for i in range(len(proof) + 1):
        muts.append([*proof[:i], extra, *proof[i:]])  # element inserted
    muts.append([*proof, b"\x00" * 32])  # trailing garbage
    muts.append([*proof, proof[-1] + b"\x00"] if proof else [b"\x01"])  # malformed hash
    for i in range(len(proof) - 1):
        if proof[i] != proof[i + 1]:
            swapped = list(proof)
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            muts.append(swapped)
    return [m for m in muts if m != proof]


def test_mutated_inclusion_proofs_all_fail() -> None:
    roots = [merkle.root(BIG[:n]) for n in range(len(BIG) + 1)]
    checked = 0
    for n in (2, 3, 5, 8, 13, 32, 40):
        for i in range(n):
            proof = merkle.inclusion_proof(BIG, i, n)
            leaf, good = BIG[i], roots[n]
            for bad in _mutations(proof):
                assert not merkle.verify_inclusion(leaf, i, n, bad, good)
                checked += 1
            for index, size in ((i + 1, n), (i - 1, n), (i, n * 2), (i, n // 2)):
                if (index, size) != (i, n):
                    assert not merkle.verify_inclusion(leaf, index, size, proof, good)
            assert not merkle.verify_inclusion(leaf, i, n, proof, roots[n - 1])  # other root
            flipped = bytearray(leaf)
            flipped[0] ^= 1
            assert not merkle.verify_inclusion(bytes(flipped), i, n, proof, good)
    assert checked > 1000


def test_mutated_consistency_proofs_all_fail() -> None:
    roots = [merkle.root(BIG[:n]) for n in range(len(BIG) + 1)]
    for n in (3, 5, 8, 13, 32, 40):
        for m in range(1, n):
            proof = merkle.consistency_proof(BIG, m, n)
            for bad in _mutations(proof):
                assert not merkle.verify_consistency(m, n, roots[m], roots[n], bad)
            for old, new in ((m + 1, n), (m - 1, n), (m, n * 2), (m, n // 2)):
                if (old, new) != (m, n) and 0 < old <= len(BIG) and 0 < new <= len(BIG):
                    assert not merkle.verify_consistency(old, new, roots[m], roots[n], proof)
            assert not merkle.verify_consistency(m, n, roots[n], roots[m], proof)  # swapped
            assert not merkle.verify_consistency(m, n, roots[m], roots[m], proof)


def test_degenerate_cases() -> None:
    r4 = merkle.root(BIG[:4])
    assert merkle.verify_consistency(4, 4, r4, r4, [])
    assert not merkle.verify_consistency(4, 4, r4, merkle.root(BIG[:5]), [])
    assert not merkle.verify_consistency(4, 4, r4, r4, [b"\x00" * 32])
    assert merkle.verify_consistency(0, 4, merkle.EMPTY_ROOT, r4, [])
    assert not merkle.verify_consistency(5, 4, r4, r4, [])
    with pytest.raises(ValueError):
        merkle.inclusion_proof(BIG, 8, 8)
    with pytest.raises(ValueError):
        merkle.consistency_proof(BIG, 5, 3)
