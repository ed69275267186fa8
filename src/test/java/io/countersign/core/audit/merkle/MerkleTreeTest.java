package io.countersign.core.audit.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9162 against the published vectors (transparency-dev/merkle) and the RFC's own 7-leaf example. */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    /** transparency-dev/merkle testonly/constants.go: the leaves, and the roots that are given in full. */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};

    private static List<byte[]> leafHashes(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(HEX.parseHex(LEAVES[i])));
        }
        return out;
    }

    @Test
    void hashesAndRootsMatchThePublishedVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(MerkleTree.EMPTY_ROOT));
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                HEX.formatHex(MerkleTree.leafHash(new byte[0])));
        assertEquals("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
                HEX.formatHex(MerkleTree.leafHash("L123456".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb", HEX.formatHex(MerkleTree.nodeHash(
                "N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", HEX.formatHex(MerkleTree.root(leafHashes(8))));
        // The roots by size the vectors give abbreviated (first and last 4 hex digits of each).
        String[][] ends = {{"e3b0c442", "b855"}, {"6e340b9c", "a01d"}, {"fac54203", "c125"}, {"aeb6bcfe", "6e77"},
                {"d37ee418", "14b7"}, {"4e3bbb1f", "64d4"}, {"76e67dad", "87ef"}, {"ddb89be4", "4c8c"}};
        for (int n = 0; n < ends.length; n++) {
            String root = HEX.formatHex(MerkleTree.root(leafHashes(n)));
            assertTrue(root.startsWith(ends[n][0]) && root.endsWith(ends[n][1]), "size " + n + ": " + root);
        }
    }

    @Test
    void theStreamingBuilderAgreesWithTheRecursiveDefinitionAtEverySize() {
        MerkleTree.Builder b = new MerkleTree.Builder();
        List<byte[]> so = new ArrayList<>();
        assertArrayEquals(MerkleTree.EMPTY_ROOT, b.root());
        for (int i = 0; i < 70; i++) {
            byte[] h = MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            b.addLeafHash(h);
            so.add(h);
            assertArrayEquals(MerkleTree.root(so), b.root(), "size " + (i + 1));
        }
    }

    @Test
    void theRfcSevenLeafExampleHasTheAuditPathsAndProofsItLists() {
        List<byte[]> d = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            d.add(MerkleTree.leafHash(("d" + i).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] a = d.get(0), b = d.get(1), c = d.get(2), dd = d.get(3), e = d.get(4), f = d.get(5), j = d.get(6);
        byte[] g = MerkleTree.nodeHash(a, b), h = MerkleTree.nodeHash(c, dd), i = MerkleTree.nodeHash(e, f);
        byte[] k = MerkleTree.nodeHash(g, h), l = MerkleTree.nodeHash(i, j);
        assertPath(List.of(b, h, l), MerkleTree.inclusionProof(0, d));
        assertPath(List.of(c, g, l), MerkleTree.inclusionProof(3, d));
        assertPath(List.of(f, j, k), MerkleTree.inclusionProof(4, d));
        assertPath(List.of(i, k), MerkleTree.inclusionProof(6, d));
        assertPath(List.of(c, dd, g, l), MerkleTree.consistencyProof(3, d));
        assertPath(List.of(l), MerkleTree.consistencyProof(4, d));
        assertPath(List.of(i, j, k), MerkleTree.consistencyProof(6, d));
    }

    private static void assertPath(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int n = 0; n < expected.size(); n++) {
            assertArrayEquals(expected.get(n), actual.get(n), "element " + n);
        }
    }

    @Test
    void everyProofVerifiesAndAnyChangeToItDoesNot() {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(MerkleTree.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int n = 1; n <= all.size(); n++) {
            List<byte[]> tree = all.subList(0, n);
            byte[] root = MerkleTree.root(tree);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.inclusionProof(m, tree);
                assertTrue(MerkleTree.verifyInclusion(m, n, tree.get(m), path, root), m + " in " + n);
                assertFalse(MerkleTree.verifyInclusion(m, n, MerkleTree.leafHash(new byte[]{1}), path, root));
                if (!path.isEmpty()) {
                    List<byte[]> bad = new ArrayList<>(path);
                    bad.set(0, MerkleTree.leafHash(new byte[]{2}));
                    assertFalse(MerkleTree.verifyInclusion(m, n, tree.get(m), bad, root));
                }
                assertFalse(MerkleTree.verifyInclusion(n, n, tree.get(m), path, root), "an index outside the tree");
            }
            for (int m = 1; m <= n; m++) {
                byte[] old = MerkleTree.root(all.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(m, tree);
                assertTrue(MerkleTree.verifyConsistency(m, n, old, root, proof), m + " -> " + n);
                if (m < n) {
                    assertFalse(MerkleTree.verifyConsistency(m, n, MerkleTree.leafHash(new byte[]{3}), root, proof),
                            "another history of the first " + m);
                }
            }
        }
    }
}
