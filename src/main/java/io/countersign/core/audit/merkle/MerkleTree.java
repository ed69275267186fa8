package io.countersign.core.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 9162 §2.1 Merkle tree with SHA-256: the tree hash of a list of leaves, audit paths
 * (inclusion proofs), consistency proofs and their verification. Leaves are given as their leaf
 * hashes ({@code SHA-256(0x00 || leaf)}); proofs are built from the list of leaf hashes.
 */
public final class MerkleTree {

    /** The root of the empty tree, SHA-256 of nothing. */
    public static final byte[] EMPTY_ROOT = sha256().digest();

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest d = sha256();
        d.update((byte) 0x00);
        d.update(leaf);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** MTH over leaf hashes, by recursion on the largest power of two below n (§2.1.1). */
    public static byte[] root(List<byte[]> leafHashes) {
        return mth(leafHashes, 0, leafHashes.size());
    }

    private static byte[] mth(List<byte[]> h, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (n == 1) {
            return h.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(mth(h, from, from + k), mth(h, from + k, to));
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >>> 1 : k;
    }

    /**
     * A tree head built as leaves arrive (§2.1.2), keeping only one hash per level: the whole log
     * can be hashed in constant memory, and {@link #root()} is valid after any number of leaves.
     */
    public static final class Builder {
        private final List<byte[]> stack = new ArrayList<>();
        private long size;

        public void addLeafHash(byte[] leafHash) {
            stack.add(leafHash);
            // One merge per trailing 1 bit of the index being added.
            for (long i = size; (i & 1) == 1; i >>>= 1) {
                byte[] right = stack.remove(stack.size() - 1);
                byte[] left = stack.remove(stack.size() - 1);
                stack.add(nodeHash(left, right));
            }
            size++;
        }

        public long size() {
            return size;
        }

        public Builder copy() {
            Builder b = new Builder();
            b.stack.addAll(stack);
            b.size = size;
            return b;
        }

        /** The frontier: one hash per 1 bit of the size, largest subtree first, concatenated. */
        public byte[] frontier() {
            byte[] out = new byte[stack.size() * 32];
            for (int i = 0; i < stack.size(); i++) {
                System.arraycopy(stack.get(i), 0, out, i * 32, 32);
            }
            return out;
        }

        /** A builder continuing a tree of {@code size} leaves from its {@link #frontier()}. */
        public static Builder restore(long size, byte[] frontier) {
            if (size < 0 || frontier.length != Long.bitCount(size) * 32) {
                throw new IllegalArgumentException("a frontier of a " + size + "-leaf tree has " + Long.bitCount(size)
                        + " hashes, not " + frontier.length / 32.0);
            }
            Builder b = new Builder();
            for (int i = 0; i < frontier.length; i += 32) {
                b.stack.add(java.util.Arrays.copyOfRange(frontier, i, i + 32));
            }
            b.size = size;
            return b;
        }

        public byte[] root() {
            if (stack.isEmpty()) {
                return EMPTY_ROOT.clone();
            }
            byte[] r = stack.get(stack.size() - 1);
            for (int i = stack.size() - 2; i >= 0; i--) {
                r = nodeHash(stack.get(i), r);
            }
            return r;
        }
    }

    /** PATH(m, D_n) (§2.1.3.1): the audit path of leaf {@code index}, leaf to root. */
    public static List<byte[]> inclusionProof(int index, List<byte[]> leafHashes) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> out = new ArrayList<>();
        path(index, leafHashes, 0, leafHashes.size(), out);
        return out;
    }

    private static void path(int m, List<byte[]> h, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, h, from, from + k, out);
            out.add(mth(h, from + k, to));
        } else {
            path(m - k, h, from + k, to, out);
            out.add(mth(h, from, from + k));
        }
    }

    /** PROOF(m, D_n) (§2.1.4.1) for 0 < m < n; empty when m == n. */
    public static List<byte[]> consistencyProof(int m, List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (m <= 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to " + n);
        }
        List<byte[]> out = new ArrayList<>();
        if (m < n) {
            subproof(m, leafHashes, 0, n, true, out);
        }
        return out;
    }

    private static void subproof(int m, List<byte[]> h, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(mth(h, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, h, from, from + k, complete, out);
            out.add(mth(h, from + k, to));
        } else {
            subproof(m - k, h, from + k, to, false, out);
            out.add(mth(h, from, from + k));
        }
    }

    /** §2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** §2.1.4.2; equal sizes are consistent when the proof is empty and the roots equal. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty(); // the empty tree is a prefix of every tree
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot) && sn == 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
