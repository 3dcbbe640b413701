/* Graphical route designer: bpmn-js Modeler with Chinese labels and a properties form.
 * Step properties (role, unit, time limit, form, countersign) are kept in <egov:step> inside
 * extensionElements, the same place the server's BPMN export/import uses. Branch conditions are
 * written as `${field op value}` condition expressions. Saving posts the XML in a plain form;
 * the server imports and validates it. */
(function () {
  "use strict";
  var EGOV = "https://egov.example.cn/schema/bpmn";
  var egovDescriptor = {
    name: "EGov", uri: EGOV, prefix: "egov", xml: { tagAlias: "lowerCase" },
    types: [
      { name: "Step", superClass: ["Element"], properties: [
        "key", "order", "role", "roleName", "unitScope", "unit", "timeLimitDays", "formCode", "countersign"
      ].map(function (n) { return { name: n, isAttr: true, type: "String" }; }) },
      { name: "Transition", superClass: ["Element"], properties: [
        { name: "priority", isAttr: true, type: "String" }] },
      { name: "Condition", superClass: ["Element"], properties: [
        { name: "body", isBody: true, type: "String" }] }
    ]
  };
  var ZH = {
    "Activate hand tool": "抓手工具", "Activate the hand tool": "抓手工具",
    "Activate lasso tool": "套索工具", "Activate the lasso tool": "套索工具",
    "Activate create/remove space tool": "插入/删除空间",
    "Activate the create/remove space tool": "插入/删除空间",
    "Activate global connect tool": "连线工具", "Activate the global connect tool": "连线工具",
    "Create start event": "开始事件", "Create StartEvent": "开始事件",
    "Create end event": "结束事件", "Create EndEvent": "结束事件",
    "Create intermediate/boundary event": "中间事件（引擎不支持）",
    "Create gateway": "排他网关（条件分支）", "Create Gateway": "排他网关（条件分支）",
    "Create task": "办理步骤（任务）", "Create Task": "办理步骤（任务）",
    "Create data object reference": "数据对象（引擎不支持）",
    "Create data store reference": "数据存储（引擎不支持）",
    "Create expanded sub-process": "子流程（引擎不支持）",
    "Create pool/participant": "泳池（引擎不支持）", "Create Pool/Participant": "泳池（引擎不支持）",
    "Create group": "分组",
    "Append end event": "添加结束事件", "Append EndEvent": "添加结束事件",
    "Append gateway": "添加排他网关", "Append Gateway": "添加排他网关",
    "Append task": "添加办理步骤", "Append Task": "添加办理步骤",
    "Append intermediate/boundary event": "添加中间事件",
    "Append text annotation": "添加注释", "Add text annotation": "添加注释", "Append TextAnnotation": "添加注释",
    "Change type": "更改类型", "Change element": "更改类型", "Delete": "删除", "Remove": "删除",
    "Connect using sequence/message flow or association": "连线",
    "Connect using Sequence/MessageFlow or Association": "连线",
    "Connect using association": "关联", "Connect to other element": "连线",
    "Add lane above": "上方添加泳道", "Add lane below": "下方添加泳道",
    "Divide into two lanes": "分成两条泳道", "Divide into three lanes": "分成三条泳道",
    "Exclusive gateway": "排他网关", "Exclusive Gateway": "排他网关",
    "Parallel gateway": "并行网关（引擎不支持）", "Parallel Gateway": "并行网关（引擎不支持）",
    "User task": "用户任务", "User Task": "用户任务", "Task": "任务",
    "Parallel multi-instance": "并行会签", "Sequential multi-instance": "依次会签（引擎不支持）",
    "Loop": "循环（引擎不支持）", "Start event": "开始事件", "End event": "结束事件",
    "Search in diagram": "在图中查找"
  };
  function translate(template, replacements) {
    replacements = replacements || {};
    var text = ZH[template] || template;
    return text.replace(/{([^}]+)}/g, function (_, key) { return replacements[key] || "{" + key + "}"; });
  }
  var translateModule = { translate: ["value", translate] };

  var root = document.getElementById("route-designer");
  if (!root || !window.BpmnJS) { return; }
  var choices = JSON.parse(document.getElementById("designer-choices").textContent);
  var xml = JSON.parse(document.getElementById("designer-diagram").textContent);
  var readOnly = root.getAttribute("data-readonly") === "true";
  var modeler = new window.BpmnJS({
    container: document.getElementById("route-canvas"),
    additionalModules: [translateModule],
    moddleExtensions: { egov: egovDescriptor }
  });
  // For scripted checks (browser tests, support staff in the console): the modeler instance.
  root.egovModeler = modeler;
  var props = document.getElementById("route-props");
  var status = document.getElementById("route-designer-status");

  // Shown before the import: bpmn-js measures its container when it draws and fits the view.
  document.getElementById("route-designer-fallback").hidden = true;
  root.hidden = false;
  modeler.importXML(xml).then(function () {
    modeler.get("canvas").zoom("fit-viewport");
  }).catch(function (error) {
    root.hidden = true;
    document.getElementById("route-designer-fallback").hidden = false;
    status.textContent = "流程图无法载入，请使用表单设计器。";
    if (window.console) { window.console.error(error); }
  });

  var moddle = modeler.get("moddle");
  var modeling = modeler.get("modeling");

  function ext(bo, type) {
    var values = (bo.extensionElements && bo.extensionElements.values) || [];
    for (var i = 0; i < values.length; i++) { if (values[i].$type === type) { return values[i]; } }
    return null;
  }
  function ensureStep(element) {
    var bo = element.businessObject;
    var step = ext(bo, "egov:Step");
    if (!step) {
      var ee = bo.extensionElements || moddle.create("bpmn:ExtensionElements", { values: [] });
      step = moddle.create("egov:Step", {
        key: (bo.id || "").replace(/^Task_/, "").toLowerCase(),
        unitScope: "case_unit", timeLimitDays: "1", countersign: "none"
      });
      step.$parent = ee;
      ee.get("values").push(step);
      modeling.updateProperties(element, { extensionElements: ee });
    }
    return step;
  }
  function option(select, value, label, current) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label; o.selected = value === (current || "");
    select.appendChild(o);
  }
  function field(label, control) {
    var wrap = document.createElement("p");
    var id = "prop-" + Math.random().toString(36).slice(2, 8);
    var l = document.createElement("label");
    l.htmlFor = id; l.textContent = label;
    control.id = id;
    wrap.appendChild(l); wrap.appendChild(control);
    props.appendChild(wrap);
    return control;
  }
  function input(value, type) {
    var i = document.createElement("input");
    i.type = type || "text"; i.value = value || "";
    i.disabled = readOnly;
    return i;
  }
  function select(pairs, current, blank) {
    var s = document.createElement("select");
    s.disabled = readOnly;
    if (blank) { option(s, "", blank, current); }
    pairs.forEach(function (p) { option(s, p[0], p[1], current); });
    return s;
  }
  function heading(text) {
    var h = document.createElement("h3"); h.textContent = text; props.appendChild(h);
  }

  function taskForm(element) {
    var bo = element.businessObject;
    var step = readOnly ? (ext(bo, "egov:Step") || {}) : ensureStep(element);
    heading("办理步骤");
    var name = field("步骤名称", input(bo.name));
    name.addEventListener("change", function () { modeling.updateProperties(element, { name: name.value }); });
    var key = field("步骤标识（字母、数字、下划线）", input(step.key));
    var role = field("办理角色", select(choices.roles, step.role, "（请选择）"));
    var scope = field("办理单位", select(choices.unitScopes, step.unitScope || "case_unit"));
    var unit = field("指定单位", select(choices.units, step.unit, "（不指定）"));
    var days = field("办理时限（工作日）", input(step.timeLimitDays || "1", "number"));
    days.min = "1";
    var form = field("表单代码（可空）", input(step.formCode));
    var cs = field("会签", select(choices.countersign, step.countersign || "none"));
    function save() {
      step.key = key.value.trim();
      step.role = role.value;
      step.roleName = role.value ? role.options[role.selectedIndex].textContent : "";
      step.unitScope = scope.value;
      step.unit = scope.value === "fixed_unit" ? unit.value : "";
      step.timeLimitDays = days.value;
      step.formCode = form.value.trim();
      step.countersign = cs.value;
      var loop;
      if (cs.value === "none") {
        loop = undefined;
      } else {
        loop = moddle.create("bpmn:MultiInstanceLoopCharacteristics", { isSequential: false });
        if (cs.value === "any") {
          loop.completionCondition = moddle.create("bpmn:FormalExpression",
            { body: "${nrOfCompletedInstances >= 1}" });
        }
      }
      modeling.updateProperties(element, {
        loopCharacteristics: loop, extensionElements: bo.extensionElements
      });
    }
    [key, role, scope, unit, days, form, cs].forEach(function (c) { c.addEventListener("change", save); });
  }

  var OPS = [["eq", "等于"], ["ne", "不等于"], ["gt", "大于"], ["gte", "大于等于"],
    ["lt", "小于"], ["lte", "小于等于"], ["in", "属于（逗号分隔）"], ["contains", "包含"]];
  var SYMBOL = { eq: "==", ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=", "in": "in", contains: "contains" };
  function parseExpr(text) {
    var m = /^\$\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s+(==|!=|>=|<=|>|<|in|contains)\s+(.+?)\s*\}$/.exec(text || "");
    if (!m) { return { field: "", op: "eq", value: "" }; }
    var op = Object.keys(SYMBOL).filter(function (k) { return SYMBOL[k] === m[2]; })[0];
    var value = m[3];
    try { var v = JSON.parse(m[3]); value = Array.isArray(v) ? v.join(",") : String(v); } catch (e) { /* raw */ }
    return { field: m[1], op: op, value: value };
  }
  function literal(op, raw) {
    if (op === "in") { return JSON.stringify(raw.split(",").map(function (s) { return s.trim(); }).filter(Boolean)); }
    if (raw !== "" && !isNaN(Number(raw)) && op !== "contains") { return raw; }
    return JSON.stringify(raw);
  }
  function flowForm(element) {
    var bo = element.businessObject;
    var source = bo.sourceRef;
    heading("连线");
    var name = field("说明", input(bo.name));
    name.addEventListener("change", function () { modeling.updateProperties(element, { name: name.value }); });
    if (!source || source.$type !== "bpmn:ExclusiveGateway") {
      var p = document.createElement("p");
      p.textContent = "条件只能设在排他网关之后的连线上。";
      props.appendChild(p);
      return;
    }
    var isDefault = source.default === bo;
    var def = field("默认去向（不满足其他条件时）", input("", "checkbox"));
    def.checked = isDefault;
    var expr = parseExpr(bo.conditionExpression && bo.conditionExpression.body);
    var f = field("表单字段", input(expr.field));
    var op = field("比较方式", select(OPS, expr.op));
    var value = field("比较值", input(expr.value));
    function save() {
      var values = (bo.extensionElements && bo.extensionElements.values) || [];
      if (bo.extensionElements) {
        bo.extensionElements.values = values.filter(function (v) { return v.$type !== "egov:Condition"; });
      }
      if (def.checked) {
        modeling.updateProperties(element, { conditionExpression: undefined });
        modeling.updateProperties(modeler.get("elementRegistry").get(source.id), { "default": bo });
        return;
      }
      if (source.default === bo) {
        modeling.updateProperties(modeler.get("elementRegistry").get(source.id), { "default": undefined });
      }
      var body = f.value.trim() ? "${" + f.value.trim() + " " + SYMBOL[op.value] + " " + literal(op.value, value.value.trim()) + "}" : "";
      modeling.updateProperties(element, {
        conditionExpression: body ? moddle.create("bpmn:FormalExpression", { body: body }) : undefined
      });
    }
    [def, f, op, value].forEach(function (c) { c.addEventListener("change", save); });
  }

  function show(element) {
    props.textContent = "";
    if (!element) {
      var p = document.createElement("p");
      p.textContent = "选中一个办理步骤或网关后的连线，在此设置其属性。";
      props.appendChild(p);
      return;
    }
    var type = element.businessObject.$type;
    if (type === "bpmn:UserTask" || type === "bpmn:Task") { taskForm(element); }
    else if (type === "bpmn:SequenceFlow") { flowForm(element); }
    else { show(null); }
  }
  modeler.on("selection.changed", function (event) {
    show(event.newSelection.length === 1 ? event.newSelection[0] : null);
  });
  show(null);

  var formEl = document.getElementById("route-designer-form");
  if (formEl) {
    formEl.addEventListener("submit", function (event) {
      event.preventDefault();
      modeler.saveXML({ format: true }).then(function (result) {
        document.getElementById("route-diagram-input").value = result.xml;
        formEl.submit();
      });
    });
  }
})();
