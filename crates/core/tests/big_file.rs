//! A 200 MB order file is checked in a few MB: the file is streamed, never held, and the
//! planner keeps counts, not rows. A counting allocator measures the peak.

use kehu_core::import::job::{ImportSettings, Planner};
use kehu_core::import::mapping::{ImportKind, suggest};
use kehu_core::import::plan::{Choices, When};
use kehu_core::import::table::{TableOptions, TableReader};
use kehu_core::import::text::Encoding;
use kehu_core::{Day, Id, Millis};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// An order file of `size` bytes, made up as it is read.
struct OrderFile {
    size: usize,
    made: usize,
    row: usize,
    line: Vec<u8>,
    at: usize,
}

impl Read for OrderFile {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.line.len() {
            if self.made >= self.size {
                return Ok(0);
            }
            self.line.clear();
            if self.row == 0 {
                self.line
                    .extend_from_slice("客户,订单号,下单日期,金额,备注\r\n".as_bytes());
            } else {
                let r = self.row;
                // A long remark nobody maps: most of the bytes.
                let note = "x".repeat(900 + r % 100);
                self.line.extend_from_slice(
                    format!(
                        "Buyer {},N{r},2026-01-{:02},{}.50,{note}\r\n",
                        r % 300,
                        1 + r % 28,
                        r % 900
                    )
                    .as_bytes(),
                );
            }
            self.row += 1;
            self.made += self.line.len();
            self.at = 0;
        }
        let n = out.len().min(self.line.len() - self.at);
        out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn a_200_mb_file_is_checked_in_constant_memory() {
    let file = OrderFile {
        size: 200 << 20,
        made: 0,
        row: 0,
        line: Vec::new(),
        at: 0,
    };
    let options = TableOptions {
        encoding: Encoding::Utf8,
        delimiter: b',',
    };
    let mut table = TableReader::new(file, options).unwrap();
    let settings = ImportSettings {
        kind: ImportKind::Orders,
        options,
        mapping: suggest(ImportKind::Orders, table.header(), &[], &[]),
        day_order: Default::default(),
        create_missing: true,
        workbook: false,
        survey: None,
    };
    let choices = Choices::default();
    let when = When {
        today: Day(20_600),
        now: Millis(0),
        zone: Default::default(),
    };
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut n = 0;
    let mut new_id = move || {
        n += 1;
        Id(format!("c{n}"))
    };
    let tally =
        Planner::new(&settings, &[], &choices, when).check(&mut table, &mut new_id, &mut |_| {});
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(tally.rows > 200_000, "{} rows", tally.rows);
    assert_eq!(tally.orders, tally.rows);
    assert_eq!(tally.create, 300);
    assert!(tally.errors.is_empty());
    // The order numbers seen (16 bytes each, in a hash map) are most of it.
    assert!(peak < 24 << 20, "peak {} MB", peak >> 20);
}
