/**
 * A user's application as a named module: it requires io.tessella and nothing else of Tessella's.
 * On the class path this descriptor is ignored and the same classes run unnamed.
 */
module example.consumer {
    requires io.tessella;
}
