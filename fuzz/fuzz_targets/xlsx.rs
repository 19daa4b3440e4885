//! Any bytes as an .xlsx workbook to import.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kehu_core::import::fuzzing::xlsx(data);
});
