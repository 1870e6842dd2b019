//! The RFC 6962 / RFC 9162 Merkle tree: leaf and node hashes, tree hashes,
//! inclusion and consistency proofs (docs/transparency.md "Merkle tree").
//!
//! Proofs are *built* by the recursions of RFC 6962 §2.1 (`PATH`,
//! `SUBPROOF`) over a source of complete-subtree hashes (the tiles of a
//! log), and *checked* by the bit-walking algorithms of RFC 9162 §2.1.3.2
//! and §2.1.4.2, which never trust the proof's length or order.

use sha2::{Digest as _, Sha256};

use crate::error::Result;

/// A SHA-256 tree hash.
pub type Hash = [u8; 32];

/// A hash from its text form: exactly the canonical standard base64 of 32
/// bytes (44 characters; the `base64` crate's standard engine refuses
/// missing padding and set trailing bits), decoded on the stack — proofs
/// and checkpoints carry one a line and a batch verifies thousands of them.
/// Hashes are public, so the constant-time decoder used for keys is not
/// needed here.
pub fn hash_from_base64(text: &str) -> Option<Hash> {
    use base64::Engine as _;
    let mut buf = [0u8; 48];
    let n = base64::engine::general_purpose::STANDARD.decode_slice(text, &mut buf).ok()?;
    buf.get(..n)?.try_into().ok()
}

/// RFC 6962 leaf hash: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree, SHA-256("") (RFC 6962 §2.1).
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The hash of a perfect subtree given its `2^k` leftmost-first child
/// hashes one level down, `2^j` of them (`hashes.len()` a power of two).
/// Used to rise from a tile's row to the levels between two tile levels.
pub fn perfect_hash(hashes: &[Hash]) -> Option<Hash> {
    match hashes {
        [] => None,
        [one] => Some(*one),
        _ if !hashes.len().is_power_of_two() => None,
        _ => {
            let (l, r) = hashes.split_at(hashes.len() / 2);
            Some(node_hash(&perfect_hash(l)?, &perfect_hash(r)?))
        }
    }
}

/// The largest power of two strictly less than `n` (`n ≥ 2`): RFC 6962's
/// split point `k`.
fn split(n: u64) -> u64 {
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Where complete-subtree hashes come from: `subtree(level, index)` is the
/// hash of leaves `[index·2^level, (index+1)·2^level)`.
pub trait SubtreeSource {
    /// The hash of one complete subtree of the tree being read.
    fn subtree(&mut self, level: u32, index: u64) -> Result<Hash>;
}

/// MTH(D\[lo:hi\]), from complete subtrees (`lo` aligned as RFC 6962's
/// recursion keeps it).
pub fn range_hash(src: &mut impl SubtreeSource, lo: u64, hi: u64) -> Result<Hash> {
    let n = hi - lo;
    if n == 0 {
        return Ok(empty_root());
    }
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        return src.subtree(n.trailing_zeros(), lo / n);
    }
    let k = split(n);
    Ok(node_hash(&range_hash(src, lo, lo + k)?, &range_hash(src, lo + k, hi)?))
}

/// The tree hash of the first `size` leaves.
pub fn tree_hash(src: &mut impl SubtreeSource, size: u64) -> Result<Hash> {
    range_hash(src, 0, size)
}

/// RFC 6962 §2.1.1 `PATH(index, D[size])`: the audit path, sibling first.
pub fn inclusion_proof(src: &mut impl SubtreeSource, index: u64, size: u64) -> Result<Vec<Hash>> {
    let mut out = Vec::new();
    if index < size {
        path(src, index, 0, size, &mut out)?;
    }
    Ok(out)
}

fn path(src: &mut impl SubtreeSource, m: u64, lo: u64, hi: u64, out: &mut Vec<Hash>) -> Result<()> {
    if hi - lo <= 1 {
        return Ok(());
    }
    let k = split(hi - lo);
    if m < lo + k {
        path(src, m, lo, lo + k, out)?;
        out.push(range_hash(src, lo + k, hi)?);
    } else {
        path(src, m, lo + k, hi, out)?;
        out.push(range_hash(src, lo, lo + k)?);
    }
    Ok(())
}

/// RFC 6962 §2.1.2 `PROOF(old, D[size])`: the consistency proof from the
/// tree of `old` leaves to the tree of `size` (empty when `old` is 0 or
/// equals `size`).
pub fn consistency_proof(src: &mut impl SubtreeSource, old: u64, size: u64) -> Result<Vec<Hash>> {
    let mut out = Vec::new();
    if old > 0 && old < size {
        subproof(src, old, 0, size, true, &mut out)?;
    }
    Ok(out)
}

fn subproof(src: &mut impl SubtreeSource, m: u64, lo: u64, hi: u64, whole: bool, out: &mut Vec<Hash>) -> Result<()> {
    let n = hi - lo;
    if m == n {
        if !whole {
            out.push(range_hash(src, lo, hi)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(src, m, lo, lo + k, whole, out)?;
        out.push(range_hash(src, lo + k, hi)?);
    } else {
        subproof(src, m - k, lo + k, hi, false, out)?;
        out.push(range_hash(src, lo, lo + k)?);
    }
    Ok(())
}

/// RFC 9162 §2.1.3.2: whether `proof` shows the leaf `leaf` at `index` in
/// the tree of `size` leaves whose hash is `root`.
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// RFC 9162 §2.1.4.2: whether `proof` shows the tree of `old` leaves
/// (hash `old_root`) to be a prefix of the tree of `size` leaves (hash
/// `root`). Equal sizes need equal roots and an empty proof; the empty
/// tree is a prefix of every tree.
pub fn verify_consistency(old: u64, size: u64, old_root: &Hash, root: &Hash, proof: &[Hash]) -> bool {
    if old > size {
        return false;
    }
    if old == size {
        return proof.is_empty() && old_root == root;
    }
    if old == 0 {
        return proof.is_empty() && *old_root == empty_root();
    }
    let mut path: Vec<&Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(old_root);
    }
    path.extend(proof);
    let Some((first, rest)) = path.split_first() else { return false };
    let (mut f, mut s) = (old - 1, size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (**first, **first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *old_root && sr == *root && s == 0
}

/// Complete-subtree hashes of leaves held in memory: every level kept, as a
/// log's tiles keep every eighth. For tests, audits and the append path.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// A tree over these leaf hashes.
    pub fn from_leaf_hashes(leaves: Vec<Hash>) -> Self {
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|l| l.len() > 1) {
            let up: Vec<Hash> = below
                .chunks_exact(2)
                .filter_map(|p| match p {
                    [l, r] => Some(node_hash(l, r)),
                    _ => None,
                })
                .collect();
            levels.push(up);
        }
        MemoryTree { levels }
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// The hashes at `level` (complete subtrees of `2^level` leaves).
    pub fn level(&self, level: u32) -> &[Hash] {
        self.levels.get(level as usize).map_or(&[], |l| l.as_slice())
    }
}

impl SubtreeSource for MemoryTree {
    fn subtree(&mut self, level: u32, index: u64) -> Result<Hash> {
        self.level(level).get(index as usize).copied().ok_or_else(|| {
            crate::Error::malformed("tree", format!("no complete subtree at level {level} index {index}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The leaves of the RFC 6962 test vectors (certificate-transparency's
    /// merkle tree tests) and the root of every prefix of them.
    const LEAVES: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn tree(n: usize) -> MemoryTree {
        MemoryTree::from_leaf_hashes((0..n).map(|i| leaf_hash(&(i as u64).to_be_bytes())).collect())
    }

    #[test]
    fn rfc6962_roots_of_every_prefix() {
        assert_eq!(hex::encode(empty_root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for n in 1..=8 {
            let mut t = MemoryTree::from_leaf_hashes(LEAVES[..n].iter().map(|l| leaf_hash(l)).collect());
            assert_eq!(hex::encode(tree_hash(&mut t, n as u64).unwrap()), ROOTS[n - 1], "size {n}");
        }
    }

    #[test]
    fn rfc6962_inclusion_and_consistency_vectors() {
        let mut t = MemoryTree::from_leaf_hashes(LEAVES.iter().map(|l| leaf_hash(l)).collect());
        let path: Vec<String> = inclusion_proof(&mut t, 0, 8).unwrap().iter().map(hex::encode).collect();
        assert_eq!(
            path,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        );
        let proof: Vec<String> = consistency_proof(&mut t, 1, 8).unwrap().iter().map(hex::encode).collect();
        assert_eq!(proof, path);
        let proof = consistency_proof(&mut t, 6, 8).unwrap();
        assert_eq!(proof.len(), 3);
        let r6 = tree_hash(&mut t, 6).unwrap();
        let r8 = tree_hash(&mut t, 8).unwrap();
        assert!(verify_consistency(6, 8, &r6, &r8, &proof));
    }

    #[test]
    fn every_proof_of_small_trees_verifies_and_nothing_else_does() {
        for n in 1..=40u64 {
            let mut t = tree(n as usize);
            let root = tree_hash(&mut t, n).unwrap();
            for i in 0..n {
                let leaf = t.level(0)[i as usize];
                let p = inclusion_proof(&mut t, i, n).unwrap();
                assert!(verify_inclusion(i, n, &leaf, &p, &root), "{i} of {n}");
                assert!(!verify_inclusion(i, n, &leaf_hash(b"other"), &p, &root));
                if n > 1 {
                    assert!(!verify_inclusion((i + 1) % n, n, &leaf, &p, &root), "index moved");
                }
                let mut longer = p.clone();
                longer.push(root);
                assert!(!verify_inclusion(i, n, &leaf, &longer, &root), "hash added");
                if let Some((_, shorter)) = p.split_last() {
                    assert!(!verify_inclusion(i, n, &leaf, shorter, &root), "hash dropped");
                }
            }
            for m in 0..=n {
                let old = tree_hash(&mut t, m).unwrap();
                let p = consistency_proof(&mut t, m, n).unwrap();
                assert!(verify_consistency(m, n, &old, &root, &p), "{m} -> {n}");
                if m > 0 && m < n {
                    assert!(!verify_consistency(m, n, &root, &root, &p));
                    assert!(!verify_consistency(m, n, &old, &old, &p));
                }
            }
        }
    }

    fn flip(h: &mut [Hash], bit: usize) {
        let n = h.len();
        if let Some(x) = h.get_mut((bit / 256) % n.max(1)) {
            x[(bit / 8) % 32] ^= 1 << (bit % 8);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Random sizes up to 70,000 (past one level-2 tile boundary of
        /// 65,536): sampled indexes and old sizes prove and check; a
        /// flipped bit anywhere in the proof, the leaf or the root fails.
        #[test]
        fn random_trees_prove_and_a_flipped_bit_fails(
            n in 1u64..70_000,
            picks in proptest::collection::vec(any::<u64>(), 6),
            bit in any::<usize>(),
        ) {
            let mut t = tree(n as usize);
            let root = tree_hash(&mut t, n).unwrap();
            for &p in &picks {
                let i = p % n;
                let leaf = t.level(0)[i as usize];
                let mut proof = inclusion_proof(&mut t, i, n).unwrap();
                prop_assert!(verify_inclusion(i, n, &leaf, &proof, &root));
                let mut bad_leaf = leaf;
                bad_leaf[bit % 32] ^= 1 << (bit % 8);
                prop_assert!(!verify_inclusion(i, n, &bad_leaf, &proof, &root));
                let mut bad_root = root;
                bad_root[(bit / 3) % 32] ^= 1 << (bit % 8);
                prop_assert!(!verify_inclusion(i, n, &leaf, &proof, &bad_root));
                if !proof.is_empty() {
                    flip(&mut proof, bit);
                    prop_assert!(!verify_inclusion(i, n, &leaf, &proof, &root));
                }
                let m = p % (n + 1);
                let old = tree_hash(&mut t, m).unwrap();
                let mut cproof = consistency_proof(&mut t, m, n).unwrap();
                prop_assert!(verify_consistency(m, n, &old, &root, &cproof));
                if !cproof.is_empty() {
                    flip(&mut cproof, bit);
                    prop_assert!(!verify_consistency(m, n, &old, &root, &cproof));
                }
                if m > 0 && m < n {
                    let mut bad_old = old;
                    bad_old[bit % 32] ^= 1 << (bit % 8);
                    prop_assert!(!verify_consistency(m, n, &bad_old, &root, &consistency_proof(&mut t, m, n).unwrap()));
                }
            }
        }
    }
}
