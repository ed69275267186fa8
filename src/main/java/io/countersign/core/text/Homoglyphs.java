package io.countersign.core.text;

/**
 * Characters from other scripts that look like Latin letters and are used to slip banned words
 * past filters ("guаranteed" with a Cyrillic а). Mapped to the Latin letter they imitate.
 */
final class Homoglyphs {

    private static final char[] TABLE = new char[0x2200];

    static {
        // Cyrillic lower and upper case
        map("аa еe оo рp сc уy хx іi јj ѕs һh ԁd ԛq ԝw ӏl үy");
        map("АA ВB ЕE КK МM НH ОO РP СC ТT ХX ІI ЈJ ЅS");
        // Greek
        map("αa οo ρp νv τt ιi κk χx υu εe");
        map("ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX");
        // Letter-like symbols and digits used as letters are left to NFKD (ℊ, ｇ) or kept (0, 1).
    }

    private Homoglyphs() {
    }

    private static void map(String pairs) {
        for (String pair : pairs.trim().split("\\s+")) {
            if (pair.length() == 2) {
                TABLE[pair.charAt(0)] = Character.toLowerCase(pair.charAt(1));
            }
        }
    }

    /** The Latin lower-case letter a character imitates, or 0. */
    static char latin(int cp) {
        return cp >= 0 && cp < TABLE.length ? TABLE[cp] : 0;
    }
}
