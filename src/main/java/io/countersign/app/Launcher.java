package io.countersign.app; public class Launcher { public static void main(String[] a){} }
