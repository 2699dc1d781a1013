//! An Excel 97–2003 file checked before calamine parses it. calamine trusts
//! the sizes such a file states: it reserves memory for the counts in the
//! container's header, for each stream's stated length and for a sheet's
//! DIMENSIONS record, follows sector chains without noticing a cycle, and
//! builds each sheet's full rectangle from its outermost cells. A hostile
//! file could make it allocate without bound, which aborts the process
//! rather than panicking, so `catch_unwind` cannot catch it.
//!
//! This walks the same structures the way calamine does (the compound file
//! container, its sector chains, the workbook stream's records) and refuses
//! a file whose counts exceed what its own size allows, whose chains loop,
//! or whose sheets span more than a task table can. It reads no values.

use super::{Extent, MAX_CELLS};

const HEADER: usize = 512;
/// Sector ids at and above this are markers, not sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
/// calamine reads every id of the header's FAT list below this one as a
/// sector (two marker ids included), so each must lie in the file.
const DIFAT_MARKER: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// calamine reads a stream shorter than this from the mini stream.
const MINI_STREAM_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;
/// The most cells a sheet's DIMENSIONS record may claim (calamine reserves
/// memory for each); generous, since the record counts formatted blanks.
const MAX_DIMENSION_CELLS: u64 = 8 * MAX_CELLS;

/// Refuses a file calamine could not parse within bounded memory.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let container = Container::open(bytes)?;
    let stream = container.stream("Workbook").or_else(|| container.stream("Book"));
    let stream = stream.ok_or("it holds no workbook stream")??;
    check_records(&stream)
}

struct Container<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// Sectors the file has room for: no chain can be longer.
    sectors: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    /// (name, start sector, length, kind) of each directory entry.
    entries: Vec<(String, u32, u64, u8)>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

impl<'a> Container<'a> {
    fn open(bytes: &'a [u8]) -> Result<Container<'a>, String> {
        let header = bytes.get(..HEADER).ok_or("its container header is cut short")?;
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err("its container has an unknown sector size".into()),
        };
        let sectors = (bytes.len() / sector_size).saturating_sub(1);
        let count = |at: usize| u32_at(header, at).map_or(usize::MAX, |n| n as usize);
        let (directory_sectors, fat_sectors, mini_fat_sectors) = (count(40), count(44), count(64));
        // calamine reserves room for these counts (the DIFAT's from bytes
        // 62..66, whose upper half is the mini FAT's count) before reading.
        let most_mini_fat_sectors = sectors / 16 + 1;
        if directory_sectors > sectors || fat_sectors > sectors || mini_fat_sectors > most_mini_fat_sectors {
            return Err("its container header states more sectors than the file holds".into());
        }
        let mut container = Container {
            bytes,
            sector_size,
            sectors,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };
        // The FAT's sectors: those the header lists, then the DIFAT chain's.
        let mut fat_ids: Vec<u32> = words(&header[76..]).collect();
        let mut next = u32_at(header, 68).unwrap_or(END_OF_CHAIN);
        let mut steps = 0;
        while next < MAX_REGULAR_SECTOR {
            steps += 1;
            if steps > sectors {
                return Err("its container's sector list loops".into());
            }
            let sector = container.sector(next)?;
            let (ids, last) = sector.split_at(sector.len() - 4);
            fat_ids.extend(words(ids));
            next = u32_at(last, 0).unwrap_or(END_OF_CHAIN);
        }
        for id in fat_ids.into_iter().filter(|&id| id < DIFAT_MARKER) {
            let sector = container.sector(id)?;
            container.fat.extend(words(sector));
        }
        let directory = container.chain(u32_at(header, 48).unwrap_or(END_OF_CHAIN), u64::MAX)?;
        for entry in directory.chunks_exact(128) {
            let name: Vec<u16> =
                entry[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            let name = String::from_utf16_lossy(&name).split('\0').next().unwrap_or_default().to_string();
            let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
            let length =
                if sector_size == 512 { u32_at(entry, 120).map(u64::from) } else { u64_at(entry, 120) };
            let length = length.unwrap_or(u64::MAX);
            // calamine reserves the stated length of a stream it reads,
            // which it finds by name whatever the entry's type.
            if length > bytes.len() as u64 {
                return Err(format!("its stream `{name}` claims more bytes than the file holds"));
            }
            container.entries.push((name, start, length, entry[66]));
        }
        let root = container.entries.first().ok_or("its container has no directory")?;
        if mini_fat_sectors > 0 {
            let (start, length) = (root.1, root.2);
            container.mini_stream = container.chain(start, length)?;
            let mini_fat = container.chain(u32_at(header, 60).unwrap_or(END_OF_CHAIN), u64::MAX)?;
            container.mini_fat = words(&mini_fat).collect();
        }
        // calamine grows its buffer to reach any sector a chain names, so
        // every stream it may read (the workbook, a macro project's) must
        // chain through sectors the file has.
        for (name, start, length, kind) in &container.entries {
            if *kind == 2 && *length > 0 {
                container.read(*start, *length).map_err(|e| format!("stream `{name}`: {e}"))?;
            }
        }
        Ok(container)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8], String> {
        let start = (id as usize).checked_add(1).and_then(|n| n.checked_mul(self.sector_size));
        start
            .and_then(|start| self.bytes.get(start..start + self.sector_size))
            .ok_or_else(|| format!("its container points at sector {id}, past the end of the file"))
    }

    /// The bytes of the chain from `start` (at most `length` of them).
    fn chain(&self, start: u32, length: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.sectors {
                return Err("its container's sector chain loops".into());
            }
            out.extend_from_slice(self.sector(id)?);
            id = *self.fat.get(id as usize).ok_or("its container's sector chain is broken")?;
        }
        out.truncate(usize::try_from(length).unwrap_or(usize::MAX));
        Ok(out)
    }

    fn mini_chain(&self, start: u32, length: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.mini_fat.len() {
                return Err("its container's mini sector chain loops".into());
            }
            let at = id as usize * MINI_SECTOR;
            let sector = self.mini_stream.get(at..at + MINI_SECTOR).ok_or("its mini stream is cut short")?;
            out.extend_from_slice(sector);
            id = *self.mini_fat.get(id as usize).ok_or("its container's mini sector chain is broken")?;
        }
        out.truncate(usize::try_from(length).unwrap_or(usize::MAX));
        Ok(out)
    }

    fn stream(&self, name: &str) -> Option<Result<Vec<u8>, String>> {
        let &(_, start, length, _) = self.entries.iter().find(|(n, ..)| n == name)?;
        Some(self.read(start, length))
    }

    fn read(&self, start: u32, length: u64) -> Result<Vec<u8>, String> {
        if length < MINI_STREAM_CUTOFF {
            self.mini_chain(start, length)
        } else {
            self.chain(start, length)
        }
    }
}

/// The records of a BIFF stream as calamine splits them: a record's
/// CONTINUE records belong to it.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16_at(stream, 0)?;
        let length = u16_at(stream, 2)? as usize;
        let data = stream.get(4..4 + length)?;
        stream = &stream[4 + length..];
        while u16_at(stream, 0) == Some(0x003C) {
            let length = u16_at(stream, 2)? as usize;
            stream = stream.get(4 + length..)?;
        }
        Some((kind, data))
    })
}

const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
/// Records calamine makes a cell of: Number, Label, BoolErr, RK, LabelSst, Formula.
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006];

fn check_records(stream: &[u8]) -> Result<(), String> {
    let sheets: Vec<usize> = records(stream)
        .take_while(|&(kind, _)| kind != EOF)
        .filter(|&(kind, _)| kind == BOUND_SHEET)
        .filter_map(|(_, data)| u32_at(data, 0).map(|pos| pos as usize))
        .collect();
    for (n, start) in sheets.into_iter().enumerate() {
        let sheet = format!("{}", n + 1);
        let mut extent: Option<Extent> = None;
        let mut take = |row: u32, column: u32| -> Result<(), String> {
            let grown = extent.get_or_insert(Extent { start: (row, column), end: (row, column) });
            grown.take(row, column);
            grown.too_large(&sheet).map_or(Ok(()), Err)
        };
        for (kind, data) in records(stream.get(start..).unwrap_or_default()) {
            let (row, column) = (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from));
            match kind {
                EOF => break,
                DIMENSIONS => check_dimensions(data, &sheet)?,
                MUL_RK => {
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    if let (Some(row), Some(first), Some(last)) = (row, column, last) {
                        take(row, first)?;
                        take(row, u32::from(last))?;
                    }
                }
                kind if CELLS.contains(&kind) => {
                    if let (Some(row), Some(column)) = (row, column) {
                        take(row, column)?;
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// A DIMENSIONS record as calamine reads it, which reserves a cell for
/// every position it spans.
fn check_dimensions(data: &[u8], sheet: &str) -> Result<(), String> {
    let (first_row, last_row, first_column, last_column) = match data.len() {
        10 => {
            (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from), u16_at(data, 4), u16_at(data, 6))
        }
        14 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return Ok(()),
    };
    let (Some(first_row), Some(last_row), Some(mut first_column), Some(last_column)) =
        (first_row, last_row, first_column, last_column)
    else {
        return Ok(());
    };
    if first_column > 0xFF || last_column < first_column {
        first_column = 0;
    }
    if last_row == 0 || last_column == 0 {
        return Ok(());
    }
    let rows = u64::from(last_row).checked_sub(u64::from(first_row));
    let columns = u64::from(last_column).checked_sub(u64::from(first_column));
    match rows.zip(columns) {
        Some((rows, columns)) if rows * columns <= MAX_DIMENSION_CELLS => Ok(()),
        _ => Err(format!("sheet {sheet} states dimensions too large for a task table")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    /// A workbook stream: globals naming one sheet, then the sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let globals_length = (4 + 4) + (4 + 10) + 4;
        let mut out = record(0x0809, &[0; 4]);
        let mut bound = (globals_length as u32).to_le_bytes().to_vec();
        bound.extend([0; 6]);
        out.extend(record(BOUND_SHEET, &bound));
        out.extend(record(EOF, &[]));
        assert_eq!(out.len(), globals_length);
        out.extend(sheet.iter().flatten());
        out
    }

    fn cell(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn cells_far_apart_are_refused() {
        assert!(check_records(&stream(&[cell(0, 0), cell(30, 5), record(EOF, &[])])).is_ok());
        let err = check_records(&stream(&[cell(0, 0), cell(60_000, 200)])).unwrap_err();
        assert!(err.contains("too large for a task table"), "{err}");
        // Records after the sheet's end are not its cells.
        assert!(check_records(&stream(&[cell(0, 0), record(EOF, &[]), cell(60_000, 200)])).is_ok());
    }

    #[test]
    fn a_dimensions_record_claiming_too_much_is_refused() {
        let mut huge = 0u32.to_le_bytes().to_vec();
        huge.extend(u32::MAX.to_le_bytes());
        huge.extend([0, 0, 0xFF, 0, 0, 0]);
        let err = check_records(&stream(&[record(DIMENSIONS, &huge)])).unwrap_err();
        assert!(err.contains("dimensions too large"), "{err}");
        let mut inverted = 9u32.to_le_bytes().to_vec();
        inverted.extend(3u32.to_le_bytes());
        inverted.extend([0, 0, 4, 0, 0, 0]);
        assert!(check_records(&stream(&[record(DIMENSIONS, &inverted)])).is_err());
        let mut fine = 0u32.to_le_bytes().to_vec();
        fine.extend(200u32.to_le_bytes());
        fine.extend([0, 0, 6, 0, 0, 0]);
        assert!(check_records(&stream(&[record(DIMENSIONS, &fine)])).is_ok());
    }

    #[test]
    fn a_container_that_lies_about_its_size_is_refused() {
        let mut bytes = vec![0u8; 512 * 4];
        bytes[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        bytes[30] = 9;
        bytes[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check(&bytes).unwrap_err().contains("more sectors than the file holds"));
        assert!(check(&bytes[..100]).is_err());
    }
}
