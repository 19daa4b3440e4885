//! Any bytes as a CSV file to import: sniffed, read row by row, checked as a customer
//! file and as an order file. Nothing may panic, loop or grow without bound.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kehu_core::import::fuzzing::csv(data);
});
