//! Any bytes as a backup file to restore.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kehu_core::import::fuzzing::backup(data);
});
