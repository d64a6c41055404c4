using System.Management.Automation;
using System.Reflection;
using System.Xml;

namespace PoseTools.ModuleBuilder;

/// <summary>Writes PowerShell's MAML command help from the cmdlet types (syntax, parameter metadata) and their docs (prose).</summary>
internal static class MamlWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10", Command = "http://schemas.microsoft.com/maml/dev/command/2004/10",
        Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(string path, IReadOnlyList<(Type Type, CmdletAttribute Attribute, CmdletDoc Doc)> cmdlets)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var x = XmlWriter.Create(path, settings);
        x.WriteStartDocument();
        x.WriteStartElement("helpItems", "http://msh");
        x.WriteAttributeString("schema", "maml");
        foreach (var (type, attribute, doc) in cmdlets) WriteCommand(x, type, attribute, doc);
        x.WriteEndElement();
    }

    private static void WriteCommand(XmlWriter x, Type type, CmdletAttribute attribute, CmdletDoc doc)
    {
        string name = $"{attribute.VerbName}-{attribute.NounName}";
        x.WriteStartElement("command", "command", Command);
        x.WriteAttributeString("xmlns", "maml", null, Maml);
        x.WriteAttributeString("xmlns", "dev", null, Dev);
        x.WriteStartElement("details", Command);
        x.WriteElementString("name", Command, name);
        x.WriteElementString("verb", Command, attribute.VerbName);
        x.WriteElementString("noun", Command, attribute.NounName);
        Paragraphs(x, "description", doc.Synopsis);
        x.WriteEndElement();
        Paragraphs(x, "description", doc.Description);

        var parameters = Parameters(type);
        x.WriteStartElement("syntax", Command);
        var sets = parameters.SelectMany(p => p.Attributes.Select(a => a.ParameterSetName)).Where(s => s != ParameterAttribute.AllParameterSets).Distinct().ToList();
        if (sets.Count == 0) sets.Add(ParameterAttribute.AllParameterSets);
        foreach (var set in sets)
        {
            x.WriteStartElement("syntaxItem", Command);
            x.WriteElementString("name", Maml, name);
            foreach (var p in parameters.Where(p => p.Attributes.Any(a => a.ParameterSetName == set || a.ParameterSetName == ParameterAttribute.AllParameterSets)))
                WriteParameter(x, p, doc, set);
            x.WriteEndElement();
        }
        x.WriteEndElement();

        x.WriteStartElement("parameters", Command);
        foreach (var p in parameters) WriteParameter(x, p, doc, null);
        x.WriteEndElement();

        TypeSection(x, "inputTypes", "inputType", doc.Inputs);
        TypeSection(x, "returnValues", "returnValue", doc.Outputs);
        if (doc.Notes.Length > 0)
        {
            x.WriteStartElement("alertSet", Maml);
            x.WriteStartElement("alert", Maml);
            Paras(x, doc.Notes);
            x.WriteEndElement();
            x.WriteEndElement();
        }
        x.WriteStartElement("examples", Command);
        int n = 1;
        foreach (var (title, code, remarks) in doc.Examples)
        {
            x.WriteStartElement("example", Command);
            x.WriteElementString("title", Maml, $"-------------------------- Example {n++}: {title} --------------------------");
            x.WriteElementString("code", Dev, code);
            x.WriteStartElement("remarks", Dev);
            Paras(x, remarks);
            x.WriteEndElement();
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteStartElement("relatedLinks", Command);
        foreach (var link in doc.Links)
        {
            x.WriteStartElement("navigationLink", Maml);
            x.WriteElementString("linkText", Maml, link);
            x.WriteElementString("uri", Maml, "");
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
    }

    public sealed record ParameterInfo(string Name, Type Type, ParameterAttribute[] Attributes, string[] Aliases, bool Globbing);

    public static List<ParameterInfo> Parameters(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attributes: p.GetCustomAttributes<ParameterAttribute>().ToArray()))
            .Where(p => p.Attributes.Length > 0)
            .OrderBy(p => p.Attributes.Min(a => a.Position < 0 ? int.MaxValue : a.Position)).ThenBy(p => p.Property.MetadataToken)
            .Select(p => new ParameterInfo(p.Property.Name, p.Property.PropertyType, p.Attributes,
                p.Property.GetCustomAttribute<AliasAttribute>()?.AliasNames.ToArray() ?? [],
                p.Property.Name == "Path" && p.Property.PropertyType == typeof(string[])))
            .ToList();

    private static void WriteParameter(XmlWriter x, ParameterInfo p, CmdletDoc doc, string? set)
    {
        var attribute = set is null ? p.Attributes[0] : p.Attributes.First(a => a.ParameterSetName == set || a.ParameterSetName == ParameterAttribute.AllParameterSets);
        string pipeline = attribute.ValueFromPipeline && attribute.ValueFromPipelineByPropertyName ? "True (ByValue, ByPropertyName)"
            : attribute.ValueFromPipeline ? "True (ByValue)" : attribute.ValueFromPipelineByPropertyName ? "True (ByPropertyName)" : "False";
        bool isSwitch = p.Type == typeof(SwitchParameter);
        var valueType = Nullable.GetUnderlyingType(p.Type) ?? p.Type;
        x.WriteStartElement("parameter", Command);
        x.WriteAttributeString("required", attribute.Mandatory ? "true" : "false");
        x.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
        x.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
        x.WriteAttributeString("pipelineInput", pipeline);
        x.WriteAttributeString("position", attribute.Position >= 0 ? attribute.Position.ToString() : "named");
        x.WriteAttributeString("aliases", p.Aliases.Length > 0 ? string.Join(", ", p.Aliases) : "none");
        x.WriteElementString("name", Maml, p.Name);
        Paragraphs(x, "description", doc.Parameters[p.Name], Maml);
        if (!isSwitch)
        {
            x.WriteStartElement("parameterValue", Command);
            x.WriteAttributeString("required", "true");
            x.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
            x.WriteString(valueType.Name);
            x.WriteEndElement();
        }
        if (valueType.IsEnum)
        {
            x.WriteStartElement("parameterValueGroup", Command);
            foreach (var value in Enum.GetNames(valueType.IsArray ? valueType.GetElementType()! : valueType))
            {
                x.WriteStartElement("parameterValue", Command);
                x.WriteAttributeString("required", "false");
                x.WriteAttributeString("variableLength", "false");
                x.WriteString(value);
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteStartElement("type", Dev);
        x.WriteElementString("name", Maml, valueType.FullName);
        x.WriteEndElement();
        x.WriteElementString("defaultValue", Dev, isSwitch ? "False" : "None");
        x.WriteEndElement();
    }

    private static void TypeSection(XmlWriter x, string section, string item, string text)
    {
        x.WriteStartElement(section, Command);
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var (typeName, description) = line.IndexOf(':') is > 0 and var i ? (line[..i].Trim(), line[(i + 1)..].Trim()) : (line, "");
            x.WriteStartElement(item, Command);
            x.WriteStartElement("type", Dev);
            x.WriteElementString("name", Maml, typeName);
            x.WriteEndElement();
            Paragraphs(x, "description", description, Maml);
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter x, string element, string text, string ns = Maml)
    {
        x.WriteStartElement(element, ns);
        Paras(x, text);
        x.WriteEndElement();
    }

    private static void Paras(XmlWriter x, string text)
    {
        foreach (var para in text.Split("\n\n").Select(p => p.Replace('\n', ' ').Trim()).Where(p => p.Length > 0))
            x.WriteElementString("para", Maml, para);
    }
}
