using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Tessera.Core.Coverage;

/// <summary>
/// A minimal SpreadsheetML (ECMA-376 / ISO 29500 Open XML) writer: one or more sheets of text cells as inline
/// strings, zipped with System.IO.Compression. No styles, formulas or shared strings: enough for Excel and
/// LibreOffice to open an export, and nothing that file content could use to run code.
/// </summary>
public static class XlsxWriter
{
    /// <summary>Excel's sheet-name limit.</summary>
    private const int MaxSheetName = 31;

    /// <summary>Writes <paramref name="sheets"/> (name, rows; the first row is usually a header) to <paramref name="output"/>.</summary>
    public static void Write(Stream output, IReadOnlyList<(string Name, IEnumerable<IReadOnlyList<string>> Rows)> sheets)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            w.WriteStartElement("Types", ns);
            Element(w, ns, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
            Element(w, ns, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
            Element(w, ns, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"));
            for (var i = 1; i <= sheets.Count; i++)
            {
                Element(w, ns, "Override", ("PartName", $"/xl/worksheets/sheet{i}.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"));
            }

            w.WriteEndElement();
        });
        Entry(zip, "_rels/.rels", w => Relationships(w, [("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml")]));
        Entry(zip, "xl/_rels/workbook.xml.rels", w => Relationships(w, Enumerable.Range(1, sheets.Count)
            .Select(i => ($"rId{i}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i}.xml")).ToList()));
        Entry(zip, "xl/workbook.xml", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            w.WriteStartElement("workbook", ns);
            w.WriteAttributeString("xmlns", "r", null, "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            w.WriteStartElement("sheets", ns);
            for (var i = 0; i < sheets.Count; i++)
            {
                w.WriteStartElement("sheet", ns);
                w.WriteAttributeString("name", SheetName(sheets[i].Name));
                w.WriteAttributeString("sheetId", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteAttributeString("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships", $"rId{i + 1}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        for (var i = 0; i < sheets.Count; i++)
        {
            var rows = sheets[i].Rows;
            Entry(zip, $"xl/worksheets/sheet{i + 1}.xml", w => Sheet(w, rows));
        }
    }

    private static void Sheet(XmlWriter w, IEnumerable<IReadOnlyList<string>> rows)
    {
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        w.WriteStartElement("worksheet", ns);
        w.WriteStartElement("sheetData", ns);
        var r = 0;
        foreach (var row in rows)
        {
            r++;
            w.WriteStartElement("row", ns);
            w.WriteAttributeString("r", r.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var c = 0; c < row.Count; c++)
            {
                w.WriteStartElement("c", ns);
                w.WriteAttributeString("r", Column(c) + r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteAttributeString("t", "inlineStr");
                w.WriteStartElement("is", ns);
                w.WriteStartElement("t", ns);
                w.WriteAttributeString("xml", "space", null, "preserve");
                w.WriteString(XmlSafe(row[c]));
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>Zero-based column index to letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, MaxSheetName)];
    }

    // XML 1.0 cannot carry most control characters; rule text from SIEMs sometimes does.
    private static string XmlSafe(string value) =>
        value.All(XmlConvert.IsXmlChar) ? value : new string(value.Where(XmlConvert.IsXmlChar).ToArray());

    private static void Relationships(XmlWriter w, IReadOnlyList<(string Id, string Type, string Target)> items)
    {
        const string ns = "http://schemas.openxmlformats.org/package/2006/relationships";
        w.WriteStartElement("Relationships", ns);
        foreach (var (id, type, target) in items)
        {
            Element(w, ns, "Relationship", ("Id", id), ("Type", type), ("Target", target));
        }

        w.WriteEndElement();
    }

    private static void Element(XmlWriter w, string ns, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(name, ns);
        foreach (var (n, v) in attributes)
        {
            w.WriteAttributeString(n, v);
        }

        w.WriteEndElement();
    }

    private static void Entry(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        using var stream = entry.Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(true);
        write(xml);
        xml.WriteEndDocument();
    }
}
