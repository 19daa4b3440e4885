//! Which column of an imported file goes into which field, with suggestions from the
//! header names people use in Chinese and English spreadsheets.

/// What an import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ImportKind {
    Customers,
    Orders,
    /// Calls, visits, emails… of existing customers (their timeline).
    Interactions,
    /// People at existing organisations (their contacts).
    Contacts,
    /// Survey responses of existing customers: the quick questions (NPS, CSAT, CES) or
    /// the answers to a designed survey's items.
    Responses,
    /// The catalogue: products by SKU (one already in the catalogue is left as it is).
    Products,
    /// Leads (潜在客户), each given to its owner or by the region rule.
    Leads,
    /// Opportunities of existing customers.
    Opportunities,
    /// Orders with their lines, a row per line: rows with the same order number make
    /// one order.
    OrderLines,
    /// Service tickets of existing customers (from another help desk).
    Tickets,
    /// Responses to launched campaigns (an email service's opens, a till's visits).
    CampaignResponses,
}

impl ImportKind {
    pub const ALL: [ImportKind; 11] = [
        ImportKind::Customers,
        ImportKind::Orders,
        ImportKind::OrderLines,
        ImportKind::Contacts,
        ImportKind::Interactions,
        ImportKind::Responses,
        ImportKind::Products,
        ImportKind::Leads,
        ImportKind::Opportunities,
        ImportKind::Tickets,
        ImportKind::CampaignResponses,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Orders => "orders",
            ImportKind::Interactions => "interactions",
            ImportKind::Contacts => "contacts",
            ImportKind::Responses => "responses",
            ImportKind::Products => "products",
            ImportKind::Leads => "leads",
            ImportKind::Opportunities => "opportunities",
            ImportKind::OrderLines => "order_lines",
            ImportKind::Tickets => "tickets",
            ImportKind::CampaignResponses => "campaign_responses",
        }
    }

    pub fn from_code(s: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The fields a column can be mapped to.
    pub fn targets(self) -> &'static [Target] {
        use Target::*;
        match self {
            ImportKind::Customers => &[
                Name,
                Code,
                Id,
                Kind,
                CustomerType,
                Stage,
                Level,
                Gender,
                Mobile,
                Phone,
                Email,
                Wechat,
                Region,
                City,
                Address,
                Source,
                Occupation,
                BirthDate,
                CompanySize,
                Owner,
                KeyAccount,
                CreditRating,
                CreditLimit,
                Tags,
                Notes,
            ],
            ImportKind::Orders => &[
                OrderCustomer,
                OrderCustomerName,
                OrderNumber,
                OrderDate,
                OrderAmount,
                OrderState,
                OrderSeller,
                OrderCost,
            ],
            ImportKind::OrderLines => &[
                OrderNumber,
                OrderCustomer,
                OrderCustomerName,
                OrderDate,
                LineProduct,
                LineQuantity,
                LinePrice,
                LineDiscount,
                LineCost,
                OrderState,
                OrderSeller,
            ],
            ImportKind::Interactions => &[
                OrderCustomer,
                InteractionAt,
                InteractionKind,
                InteractionSubject,
                InteractionNote,
            ],
            ImportKind::Contacts => &[
                ContactOf,
                ContactName,
                ContactRole,
                ContactPhone,
                ContactEmail,
            ],
            // A designed survey's items come on top (see [`item_targets`]).
            ImportKind::Responses => {
                &[OrderCustomer, ResponseDate, Nps, Csat, Ces, ResponseComment]
            }
            ImportKind::Products => &[
                ProductSku,
                ProductName,
                ProductCategory,
                ProductUnit,
                ProductPrice,
                ProductCost,
                ProductStock,
                ProductActive,
                ProductNote,
            ],
            ImportKind::Leads => &[
                LeadName,
                LeadCompany,
                LeadPhone,
                LeadEmail,
                LeadRegion,
                LeadCity,
                LeadSource,
                LeadStatus,
                LeadOwner,
                LeadScore,
                LeadInterest,
                LeadAmount,
                LeadNote,
            ],
            ImportKind::Opportunities => &[
                OppCustomer,
                OppTitle,
                OppAmount,
                OppStage,
                OppOwner,
                OppClose,
                OppProbability,
                OppCompetitors,
                OppLostReason,
                OppNextStep,
            ],
            ImportKind::CampaignResponses => &[
                ResponseCampaign,
                ResponseCustomer,
                ResponseKind,
                ResponseDay,
            ],
            ImportKind::Tickets => &[
                TicketCustomer,
                TicketSubject,
                TicketType,
                TicketChannel,
                TicketPriority,
                TicketStatus,
                TicketOpened,
                TicketResolved,
                TicketAssignee,
                TicketProduct,
                TicketDescription,
                TicketResolution,
                TicketRootCause,
            ],
        }
    }

    /// The fields a file must have a column for.
    pub fn required(self) -> &'static [Target] {
        match self {
            ImportKind::Customers => &[Target::Name],
            ImportKind::Orders => &[
                Target::OrderCustomer,
                Target::OrderDate,
                Target::OrderAmount,
            ],
            ImportKind::Interactions => &[Target::OrderCustomer, Target::InteractionAt],
            ImportKind::Contacts => &[Target::ContactOf, Target::ContactName],
            ImportKind::Responses => &[Target::OrderCustomer, Target::ResponseDate],
            ImportKind::Products => &[
                Target::ProductSku,
                Target::ProductName,
                Target::ProductPrice,
            ],
            ImportKind::Leads => &[Target::LeadName],
            ImportKind::Opportunities => {
                &[Target::OppCustomer, Target::OppTitle, Target::OppAmount]
            }
            ImportKind::OrderLines => &[
                Target::OrderNumber,
                Target::OrderCustomer,
                Target::OrderDate,
                Target::LineProduct,
            ],
            ImportKind::Tickets => &[Target::TicketCustomer, Target::TicketSubject],
            ImportKind::CampaignResponses => &[
                Target::ResponseCampaign,
                Target::ResponseCustomer,
                Target::ResponseKind,
            ],
        }
    }
}

/// A field a column can fill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Target {
    /// kehu's own id (from an export): the row updates that customer.
    Id,
    /// The shop's own customer number (客户编号).
    Code,
    Name,
    Kind,
    CustomerType,
    Stage,
    Level,
    Gender,
    Phone,
    Mobile,
    Email,
    Wechat,
    Region,
    City,
    Address,
    Source,
    Occupation,
    BirthDate,
    CompanySize,
    Owner,
    KeyAccount,
    CreditRating,
    CreditLimit,
    Tags,
    Notes,
    /// Who ordered: a customer number, phone, email, kehu id or name.
    OrderCustomer,
    /// The customer's name, for customers an order import creates.
    OrderCustomerName,
    /// The order's number: a second row with the same number is a duplicate.
    OrderNumber,
    OrderDate,
    OrderAmount,
    /// Open, paid, shipped… (a code or a label; blank: completed).
    OrderState,
    /// Who sold it: a member of staff by name or id.
    OrderSeller,
    /// What the order cost the shop.
    OrderCost,
    /// A line's product: a catalogue product by SKU or name, or a name as sold.
    LineProduct,
    /// Blank: one.
    LineQuantity,
    /// The unit price before the line's discount (blank: the catalogue's price).
    LinePrice,
    /// Percent off (`10`, `10%`), or the Chinese 折 (`9折` is 10 % off).
    LineDiscount,
    /// What one unit cost the shop (blank: the catalogue's cost).
    LineCost,
    /// When a contact happened: a date, and a time after it if known.
    InteractionAt,
    /// Call, email, visit… (a code or a label).
    InteractionKind,
    InteractionSubject,
    InteractionNote,
    /// The organisation a contact works at: its customer number, name, email or phone.
    ContactOf,
    ContactName,
    ContactRole,
    ContactPhone,
    ContactEmail,
    /// The day a survey was answered.
    ResponseDate,
    Nps,
    Csat,
    Ces,
    ResponseComment,
    /// A product's code (SKU, 货号): a product already in the catalogue under it, or an
    /// earlier row with it, is skipped.
    ProductSku,
    ProductName,
    ProductCategory,
    ProductUnit,
    ProductPrice,
    ProductCost,
    /// Units in stock; blank for a product whose stock is not counted.
    ProductStock,
    /// Still sold: yes or no (blank: yes).
    ProductActive,
    ProductNote,
    /// The person a lead is (or the person at its company).
    LeadName,
    LeadCompany,
    LeadPhone,
    LeadEmail,
    LeadRegion,
    LeadCity,
    /// Where it came from (a code or a label).
    LeadSource,
    /// New, contacted, qualified or disqualified (blank: new).
    LeadStatus,
    /// A member of staff by name or id (blank: the region rule).
    LeadOwner,
    /// 0–100 (blank: computed).
    LeadScore,
    /// What they want.
    LeadInterest,
    /// What it may be worth.
    LeadAmount,
    LeadNote,
    /// Whose opportunity: a customer number, phone, email, kehu id or name.
    OppCustomer,
    OppTitle,
    OppAmount,
    /// A stage's code or label (blank: the first).
    OppStage,
    /// A member of staff by name or id (blank: the customer's owner).
    OppOwner,
    /// The expected close.
    OppClose,
    /// Percent (blank: the stage's default).
    OppProbability,
    OppCompetitors,
    OppLostReason,
    OppNextStep,
    /// Whose ticket: a customer number, phone, email, kehu id or name.
    TicketCustomer,
    TicketSubject,
    /// Inquiry, complaint, fault… (a code or a label; blank: an inquiry).
    TicketType,
    /// Phone, web, email, WeChat, visit (blank: phone).
    TicketChannel,
    /// Blank: normal.
    TicketPriority,
    /// New, assigned… resolved, closed (blank: new, or resolved with a resolved time).
    TicketStatus,
    /// When it came in: a date, and a time after it if known (blank: the import's time).
    TicketOpened,
    TicketResolved,
    /// A member of staff by name or id.
    TicketAssignee,
    /// A catalogue product by SKU or name.
    TicketProduct,
    TicketDescription,
    TicketResolution,
    TicketRootCause,
    /// A launched campaign by name or id.
    ResponseCampaign,
    /// Who responded: a customer number, phone, email, kehu id or name.
    ResponseCustomer,
    /// Sent, opened, replied, visited or bought (a code or a label).
    ResponseKind,
    /// The day of the response (blank: the import's day).
    ResponseDay,
    /// The answer to a designed survey's item at this position (0-based); for Kano
    /// the answer with the feature, for SERVQUAL the expectation.
    Item(u8),
    /// The second answer of a paired item: Kano without the feature, SERVQUAL the
    /// perception.
    ItemSecond(u8),
}

/// The targets for the answers to `survey`'s items: each item's answer, and for paired
/// kinds (Kano, SERVQUAL) its second answer.
pub fn item_targets(survey: &crate::Survey) -> Vec<Target> {
    let paired = survey.kind.paired();
    (0..survey.items.len().min(u8::MAX as usize + 1))
        .flat_map(|pos| {
            let pos = pos as u8;
            std::iter::once(Target::Item(pos)).chain(paired.then_some(Target::ItemSecond(pos)))
        })
        .collect()
}

impl Target {
    /// A stable name, for remembering mappings.
    pub fn code(self) -> std::borrow::Cow<'static, str> {
        use Target::*;
        std::borrow::Cow::Borrowed(match self {
            Item(pos) => return format!("item{pos}").into(),
            ItemSecond(pos) => return format!("item{pos}b").into(),
            Id => "id",
            Code => "code",
            Name => "name",
            Kind => "kind",
            CustomerType => "type",
            Stage => "stage",
            Level => "level",
            Gender => "gender",
            Phone => "phone",
            Mobile => "mobile",
            Email => "email",
            Wechat => "wechat",
            Region => "region",
            City => "city",
            Address => "address",
            Source => "source",
            Occupation => "occupation",
            BirthDate => "birth_date",
            CompanySize => "company_size",
            Owner => "owner",
            KeyAccount => "key_account",
            CreditRating => "credit_rating",
            CreditLimit => "credit_limit",
            Tags => "tags",
            Notes => "notes",
            OrderCustomer => "order_customer",
            OrderCustomerName => "order_customer_name",
            OrderNumber => "order_number",
            OrderDate => "order_date",
            OrderAmount => "order_amount",
            OrderState => "order_status",
            OrderSeller => "order_seller",
            OrderCost => "order_cost",
            LineProduct => "line_product",
            LineQuantity => "line_quantity",
            LinePrice => "line_price",
            LineDiscount => "line_discount",
            LineCost => "line_cost",
            InteractionAt => "interaction_at",
            InteractionKind => "interaction_kind",
            InteractionSubject => "interaction_subject",
            InteractionNote => "interaction_note",
            ContactOf => "contact_of",
            ContactName => "contact_name",
            ContactRole => "contact_role",
            ContactPhone => "contact_phone",
            ContactEmail => "contact_email",
            ResponseDate => "response_date",
            Nps => "nps",
            Csat => "csat",
            Ces => "ces",
            ResponseComment => "response_comment",
            ProductSku => "product_sku",
            ProductName => "product_name",
            ProductCategory => "product_category",
            ProductUnit => "product_unit",
            ProductPrice => "product_price",
            ProductCost => "product_cost",
            ProductStock => "product_stock",
            ProductActive => "product_active",
            ProductNote => "product_note",
            LeadName => "lead_name",
            LeadCompany => "lead_company",
            LeadPhone => "lead_phone",
            LeadEmail => "lead_email",
            LeadRegion => "lead_region",
            LeadCity => "lead_city",
            LeadSource => "lead_source",
            LeadStatus => "lead_status",
            LeadOwner => "lead_owner",
            LeadScore => "lead_score",
            LeadInterest => "lead_interest",
            LeadAmount => "lead_amount",
            LeadNote => "lead_note",
            OppCustomer => "opp_customer",
            OppTitle => "opp_title",
            OppAmount => "opp_amount",
            OppStage => "opp_stage",
            OppOwner => "opp_owner",
            OppClose => "opp_close",
            OppProbability => "opp_probability",
            OppCompetitors => "opp_competitors",
            OppLostReason => "opp_lost_reason",
            OppNextStep => "opp_next_step",
            TicketCustomer => "ticket_customer",
            TicketSubject => "ticket_subject",
            TicketType => "ticket_type",
            TicketChannel => "ticket_channel",
            TicketPriority => "ticket_priority",
            TicketStatus => "ticket_status",
            TicketOpened => "ticket_opened",
            TicketResolved => "ticket_resolved",
            TicketAssignee => "ticket_assignee",
            TicketProduct => "ticket_product",
            TicketDescription => "ticket_description",
            TicketResolution => "ticket_resolution",
            TicketRootCause => "ticket_root_cause",
            ResponseCampaign => "response_campaign",
            ResponseCustomer => "response_customer",
            ResponseKind => "response_kind",
            ResponseDay => "response_day",
        })
    }

    pub fn from_code(s: &str) -> Option<Target> {
        if let Some(n) = s.strip_prefix("item") {
            return match n.strip_suffix('b') {
                Some(n) => n.parse().ok().map(Target::ItemSecond),
                None => n.parse().ok().map(Target::Item),
            };
        }
        ImportKind::ALL
            .iter()
            .flat_map(|k| k.targets())
            .copied()
            .find(|t| t.code() == s)
    }

    /// Header names that mean this field, folded (see [`header_key`]).
    fn synonyms(self) -> &'static [&'static str] {
        use Target::*;
        match self {
            Id => &["id", "kehuid", "系统编号", "系统id"],
            Code => &[
                "code",
                "customerno",
                "customernumber",
                "customercode",
                "客户编号",
                "客户代码",
                "会员编号",
                "会员号",
                "会员卡号",
                "编号",
            ],
            Name => &[
                "name",
                "customer",
                "customername",
                "fullname",
                "姓名",
                "名称",
                "客户",
                "客户名称",
                "客户姓名",
                "会员姓名",
                "公司名称",
            ],
            Kind => &["kind", "类别", "客户类别", "个人/组织"],
            CustomerType => &["type", "customertype", "类型", "客户类型"],
            Stage => &[
                "stage",
                "lifecyclestage",
                "生命周期",
                "生命周期阶段",
                "阶段",
            ],
            Level => &["level", "relationshiplevel", "关系层次", "关系级别"],
            Gender => &["gender", "sex", "性别"],
            Phone => &[
                "phone",
                "telephone",
                "tel",
                "电话",
                "固定电话",
                "座机",
                "联系电话",
            ],
            Mobile => &[
                "mobile",
                "cell",
                "cellphone",
                "手机",
                "手机号",
                "手机号码",
                "移动电话",
            ],
            Email => &[
                "email",
                "e-mail",
                "mail",
                "邮箱",
                "电子邮箱",
                "电子邮件",
                "邮件",
            ],
            Wechat => &["wechat", "weixin", "微信", "微信号"],
            Region => &["region", "province", "state", "地区", "省份", "省", "区域"],
            City => &["city", "城市", "市"],
            Address => &["address", "地址", "联系地址", "详细地址"],
            Source => &["source", "channel", "来源", "客户来源", "来源渠道", "渠道"],
            Occupation => &["occupation", "industry", "job", "职业", "行业"],
            BirthDate => &[
                "birthdate",
                "birthday",
                "dateofbirth",
                "dob",
                "生日",
                "出生日期",
            ],
            CompanySize => &["companysize", "employees", "员工人数", "企业规模", "规模"],
            Owner => &[
                "owner",
                "accountmanager",
                "salesrep",
                "负责人",
                "客户经理",
                "业务员",
            ],
            KeyAccount => &["keyaccount", "vip", "大客户", "重点客户"],
            CreditRating => &["creditrating", "rating", "信用等级", "信用评级"],
            CreditLimit => &["creditlimit", "信用额度"],
            Tags => &["tags", "tag", "labels", "标签"],
            Notes => &[
                "notes", "note", "remark", "remarks", "comment", "备注", "说明",
            ],
            OrderCustomer => &[
                "customer",
                "customerid",
                "customerno",
                "customercode",
                "customernumber",
                "客户",
                "客户编号",
                "客户id",
                "会员编号",
                "会员号",
                "手机",
                "手机号",
                "phone",
                "mobile",
                "email",
            ],
            OrderCustomerName => &["customername", "name", "客户名称", "客户姓名", "姓名"],
            OrderNumber => &[
                "orderid",
                "orderno",
                "ordernumber",
                "订单号",
                "订单编号",
                "单号",
            ],
            OrderDate => &[
                "date",
                "orderdate",
                "orderedat",
                "purchasedate",
                "日期",
                "下单日期",
                "下单时间",
                "订单日期",
                "购买日期",
                "成交日期",
            ],
            OrderAmount => &[
                "amount",
                "total",
                "ordertotal",
                "value",
                "revenue",
                "金额",
                "订单金额",
                "实付金额",
                "成交金额",
                "消费金额",
                "总额",
                "合计",
            ],
            OrderState => &["status", "orderstatus", "状态", "订单状态"],
            OrderSeller => &[
                "seller",
                "salesperson",
                "salesrep",
                "soldby",
                "销售员",
                "业务员",
                "经手人",
                "销售",
            ],
            OrderCost => &["cost", "ordercost", "成本", "订单成本"],
            LineProduct => &[
                "product",
                "item",
                "sku",
                "productname",
                "itemname",
                "商品",
                "产品",
                "商品名称",
                "产品名称",
                "品名",
                "货号",
                "商品编码",
            ],
            LineQuantity => &["quantity", "qty", "数量", "件数"],
            LinePrice => &["unitprice", "price", "单价", "售价", "价格"],
            LineDiscount => &["discount", "discountpercent", "折扣", "优惠"],
            LineCost => &["unitcost", "cost", "成本", "成本价", "进价"],
            InteractionAt => &[
                "date",
                "time",
                "datetime",
                "when",
                "日期",
                "时间",
                "联系时间",
                "联系日期",
                "跟进时间",
                "跟进日期",
                "拜访日期",
                "沟通时间",
            ],
            InteractionKind => &[
                "type",
                "kind",
                "channel",
                "method",
                "方式",
                "类型",
                "联系方式",
                "跟进方式",
                "沟通方式",
            ],
            InteractionSubject => &["subject", "title", "topic", "主题", "标题", "事由"],
            InteractionNote => &[
                "note",
                "notes",
                "content",
                "details",
                "remark",
                "备注",
                "内容",
                "记录",
                "跟进内容",
                "沟通内容",
                "跟进记录",
            ],
            ContactOf => &[
                "customer",
                "company",
                "organisation",
                "organization",
                "account",
                "customerno",
                "customercode",
                "客户",
                "客户名称",
                "客户编号",
                "公司",
                "公司名称",
                "单位",
                "单位名称",
                "企业",
                "企业名称",
            ],
            ContactName => &[
                "contact",
                "contactname",
                "contactperson",
                "name",
                "联系人",
                "联系人姓名",
                "姓名",
            ],
            ContactRole => &[
                "role", "title", "position", "jobtitle", "职务", "职位", "角色", "岗位",
            ],
            ContactPhone => &[
                "phone",
                "mobile",
                "tel",
                "cell",
                "电话",
                "手机",
                "手机号",
                "联系电话",
            ],
            ContactEmail => &["email", "e-mail", "mail", "邮箱", "电子邮箱", "电子邮件"],
            ResponseDate => &[
                "date",
                "day",
                "responsedate",
                "surveydate",
                "日期",
                "回答日期",
                "调查日期",
                "填写日期",
            ],
            Nps => &["nps", "推荐", "推荐意愿", "推荐度", "净推荐值"],
            Csat => &["csat", "satisfaction", "满意度", "满意"],
            Ces => &["ces", "effort", "ease", "容易程度", "费力度"],
            ResponseComment => &["comment", "note", "remark", "备注", "意见", "评论", "建议"],
            ProductSku => &[
                "sku",
                "code",
                "productcode",
                "itemcode",
                "itemno",
                "货号",
                "商品编码",
                "产品编码",
                "商品编号",
                "产品编号",
                "编码",
                "编号",
            ],
            ProductName => &[
                "name",
                "product",
                "productname",
                "item",
                "itemname",
                "商品",
                "产品",
                "商品名称",
                "产品名称",
                "品名",
                "名称",
            ],
            ProductCategory => &["category", "type", "分类", "类别", "品类", "商品分类"],
            ProductUnit => &["unit", "uom", "单位", "计量单位"],
            ProductPrice => &[
                "price",
                "listprice",
                "unitprice",
                "saleprice",
                "售价",
                "单价",
                "价格",
                "零售价",
                "销售价",
                "标价",
            ],
            ProductCost => &[
                "cost",
                "unitcost",
                "costprice",
                "成本",
                "成本价",
                "进价",
                "进货价",
            ],
            ProductStock => &[
                "stock",
                "inventory",
                "qty",
                "quantity",
                "onhand",
                "库存",
                "库存数量",
                "数量",
            ],
            ProductActive => &[
                "active", "onsale", "enabled", "在售", "上架", "启用", "状态",
            ],
            ProductNote => &[
                "note",
                "notes",
                "remark",
                "description",
                "备注",
                "说明",
                "描述",
            ],
            LeadName => &[
                "name",
                "contact",
                "contactname",
                "fullname",
                "姓名",
                "联系人",
                "名字",
            ],
            LeadCompany => &[
                "company",
                "organisation",
                "organization",
                "公司",
                "公司名称",
                "单位",
                "企业",
            ],
            LeadPhone => &[
                "phone",
                "mobile",
                "tel",
                "cell",
                "电话",
                "手机",
                "手机号",
                "联系电话",
            ],
            LeadEmail => &["email", "e-mail", "mail", "邮箱", "电子邮箱"],
            LeadRegion => &["region", "province", "地区", "省份", "区域"],
            LeadCity => &["city", "城市"],
            LeadSource => &[
                "source",
                "channel",
                "leadsource",
                "来源",
                "线索来源",
                "渠道",
            ],
            LeadStatus => &["status", "leadstatus", "状态", "线索状态"],
            LeadOwner => &[
                "owner",
                "salesrep",
                "assignedto",
                "负责人",
                "跟进人",
                "业务员",
                "销售",
            ],
            LeadScore => &["score", "rating", "评分", "分数"],
            LeadInterest => &["interest", "need", "product", "意向", "需求", "意向产品"],
            LeadAmount => &["amount", "value", "budget", "预计金额", "金额", "预算"],
            LeadNote => &["note", "notes", "remark", "备注", "说明"],
            OppCustomer => &[
                "customer",
                "account",
                "customerno",
                "customercode",
                "company",
                "客户",
                "客户编号",
                "客户名称",
                "公司",
                "公司名称",
            ],
            OppTitle => &[
                "title",
                "opportunity",
                "name",
                "deal",
                "dealname",
                "机会",
                "机会名称",
                "商机",
                "商机名称",
                "项目",
                "项目名称",
                "名称",
            ],
            OppAmount => &[
                "amount",
                "value",
                "dealvalue",
                "金额",
                "预计金额",
                "商机金额",
            ],
            OppStage => &["stage", "dealstage", "阶段", "销售阶段", "商机阶段"],
            OppOwner => &["owner", "salesrep", "负责人", "跟进人", "业务员", "销售"],
            OppClose => &[
                "close",
                "closedate",
                "expectedclose",
                "预计成交日期",
                "预计成交",
                "成交日期",
                "预计签约日期",
            ],
            OppProbability => &[
                "probability",
                "winprobability",
                "赢单概率",
                "成交概率",
                "概率",
            ],
            OppCompetitors => &["competitors", "competitor", "竞争对手"],
            OppLostReason => &["lostreason", "reason", "输单原因", "丢单原因"],
            OppNextStep => &["nextstep", "next", "下一步", "下一步行动"],
            TicketCustomer => &[
                "customer",
                "account",
                "customerno",
                "requester",
                "客户",
                "客户编号",
                "客户名称",
                "会员",
            ],
            TicketSubject => &[
                "subject", "title", "summary", "主题", "标题", "问题", "事由",
            ],
            TicketType => &[
                "type",
                "tickettype",
                "category",
                "类型",
                "工单类型",
                "业务类型",
            ],
            TicketChannel => &["channel", "source", "via", "渠道", "来源", "受理渠道"],
            TicketPriority => &["priority", "urgency", "优先级", "紧急程度"],
            TicketStatus => &["status", "state", "状态", "处理状态"],
            TicketOpened => &[
                "opened",
                "created",
                "createdat",
                "date",
                "受理时间",
                "创建时间",
                "日期",
                "报修时间",
            ],
            TicketResolved => &["resolved", "resolvedat", "solved", "解决时间", "完成时间"],
            TicketAssignee => &["assignee", "agent", "owner", "处理人", "负责人", "受理人"],
            TicketProduct => &["product", "item", "sku", "产品", "商品", "货号"],
            TicketDescription => &["description", "details", "body", "描述", "问题描述", "详情"],
            TicketResolution => &["resolution", "solution", "处理结果", "解决方案"],
            TicketRootCause => &["rootcause", "cause", "原因", "根本原因", "问题原因"],
            ResponseCampaign => &["campaign", "campaignname", "活动", "活动名称", "营销活动"],
            ResponseCustomer => &[
                "customer",
                "email",
                "mobile",
                "phone",
                "recipient",
                "客户",
                "客户名称",
                "邮箱",
                "手机",
                "手机号",
            ],
            ResponseKind => &[
                "response",
                "event",
                "action",
                "回应",
                "回应类型",
                "行为",
                "事件",
            ],
            ResponseDay => &["date", "day", "when", "日期", "时间", "回应日期"],
            // Named by position (the template's `F1`, `E1`, `Q1`…): see [`suggest_items`].
            Item(_) | ItemSecond(_) => &[],
        }
    }
}

/// A header name reduced for matching: folded case and width, without spaces,
/// underscores, hyphens, a required-field star or a unit in brackets (`金额(元)`).
pub fn header_key(h: &str) -> String {
    let h = crate::text::fold(h);
    let h = h
        .split(['(', '（', '['])
        .next()
        .unwrap_or(&h)
        .trim()
        .to_string();
    h.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '*' | '.' | ':' | '：'))
        .collect()
}

/// Suggests a field for each column: names the user mapped before first (`remembered`,
/// folded header name to field, or to `None`: "do not import", which keeps the column
/// unmapped), then the built-in names, then the UI's own labels for the fields
/// (`labels`, in any language). A field is suggested for one column only.
pub fn suggest(
    kind: ImportKind,
    header: &[String],
    remembered: &[(String, Option<Target>)],
    labels: &[(String, Target)],
) -> Vec<Option<Target>> {
    let targets = kind.targets();
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    // Columns the user chose not to import, last time a file had them.
    let declined: Vec<bool> = keys
        .iter()
        .map(|k| {
            remembered
                .iter()
                .any(|(h, t)| t.is_none() && header_key(h) == *k)
        })
        .collect();
    let mut out = vec![None; header.len()];
    let mut used = Vec::new();
    let mut pass = |find: &dyn Fn(&str) -> Option<Target>| {
        for (i, key) in keys.iter().enumerate() {
            if out[i].is_some() || key.is_empty() || declined[i] {
                continue;
            }
            if let Some(t) = find(key)
                && targets.contains(&t)
                && !used.contains(&t)
            {
                out[i] = Some(t);
                used.push(t);
            }
        }
    };
    pass(&|key| {
        remembered
            .iter()
            .find(|(h, _)| header_key(h) == key)
            .and_then(|p| p.1)
    });
    pass(&|key| {
        targets
            .iter()
            .copied()
            .find(|t| t.synonyms().contains(&key))
    });
    pass(&|key| {
        labels
            .iter()
            .find(|(h, _)| header_key(h) == key)
            .map(|p| p.1)
    });
    out
}

/// Suggests the item columns of a responses file for `survey`, where `mapping` has none
/// yet: the names [`crate::import::responses::item_columns`] gives them (`F1`/`D1` Kano,
/// `E1`/`P1` SERVQUAL, `Q1` custom), with anything after the number ignored (`Q1 服务态度`).
pub fn suggest_items(survey: &crate::Survey, header: &[String], mapping: &mut [Option<Target>]) {
    for (name, t) in (0..survey.items.len().min(u8::MAX as usize + 1)).flat_map(|pos| {
        let (a, b) = super::responses::item_columns(survey.kind, pos);
        let p = pos as u8;
        [(a, Target::Item(p))]
            .into_iter()
            .chain(b.map(|b| (b, Target::ItemSecond(p))))
    }) {
        if mapping.contains(&Some(t)) {
            continue;
        }
        let want = header_key(&name);
        let found = header.iter().position(|h| {
            let k = header_key(h);
            // The name, then anything but another digit (`Q1` must not take `Q12`).
            k.strip_prefix(&want)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
        });
        if let Some(i) = found
            && mapping.get(i).is_some_and(Option::is_none)
        {
            mapping[i] = Some(t);
        }
    }
}

/// The fields the mapping lacks, in the order of [`ImportKind::required`].
pub fn missing(kind: ImportKind, mapping: &[Option<Target>]) -> Vec<Target> {
    kind.required()
        .iter()
        .copied()
        .filter(|t| !mapping.contains(&Some(*t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggests_from_chinese_and_english_names() {
        let h = header(&["客户编号", "姓名", "手机", "邮箱", "城市", "备注", "other"]);
        let s = suggest(ImportKind::Customers, &h, &[], &[]);
        use Target::*;
        assert_eq!(
            s,
            vec![
                Some(Code),
                Some(Name),
                Some(Mobile),
                Some(Email),
                Some(City),
                Some(Notes),
                None
            ]
        );
        let h = header(&["Order No.", "Customer ID", "Order Date", "Amount (¥)"]);
        let s = suggest(ImportKind::Orders, &h, &[], &[]);
        assert_eq!(
            s,
            vec![
                Some(OrderNumber),
                Some(OrderCustomer),
                Some(OrderDate),
                Some(OrderAmount)
            ]
        );
        let h = header(&["下单日期", "客户", "金额（元）", "订单金额"]);
        let s = suggest(ImportKind::Orders, &h, &[], &[]);
        assert_eq!(
            s,
            vec![
                Some(OrderDate),
                Some(OrderCustomer),
                Some(OrderAmount),
                None
            ]
        );
    }

    #[test]
    fn remembered_choices_come_first_and_labels_last() {
        let h = header(&["联系人", "电话", "Kunde"]);
        let remembered = vec![("联系人".to_string(), Some(Target::Name))];
        let labels = vec![("kunde".to_string(), Target::Owner)];
        let s = suggest(ImportKind::Customers, &h, &remembered, &labels);
        assert_eq!(
            s,
            vec![Some(Target::Name), Some(Target::Phone), Some(Target::Owner)]
        );
        // "Do not import", chosen last time, is remembered too: 电话 stays unmapped,
        // though its name is a built-in one.
        let declined = vec![
            ("联系人".to_string(), Some(Target::Name)),
            ("电话".to_string(), None),
        ];
        let s = suggest(ImportKind::Customers, &h, &declined, &labels);
        assert_eq!(s, vec![Some(Target::Name), None, Some(Target::Owner)]);
        assert_eq!(
            missing(ImportKind::Orders, &s),
            ImportKind::Orders.required()
        );
        assert!(missing(ImportKind::Customers, &s).is_empty());
    }

    #[test]
    fn codes_round_trip() {
        let items = [Target::Item(0), Target::ItemSecond(0), Target::Item(59)];
        for k in ImportKind::ALL {
            for t in k.targets().iter().chain(&items) {
                assert_eq!(Target::from_code(&t.code()), Some(*t));
            }
        }
    }

    #[test]
    fn item_columns_are_found_by_their_number() {
        let mut custom = crate::Survey::starter(
            crate::SurveyKind::Custom,
            false,
            crate::Id("s".into()),
            crate::Millis(0),
        );
        custom.items = (0..12).map(|_| custom.items[0].clone()).collect();
        let h = header(&["客户", "日期", "Q12", "q1 服务态度", "Q2"]);
        let mut m = suggest(ImportKind::Responses, &h, &[], &[]);
        suggest_items(&custom, &h, &mut m);
        assert_eq!(
            m,
            vec![
                Some(Target::OrderCustomer),
                Some(Target::ResponseDate),
                Some(Target::Item(11)),
                Some(Target::Item(0)),
                Some(Target::Item(1)),
            ],
            "Q1 does not take Q12"
        );
        assert_eq!(item_targets(&custom).len(), 12);
    }
}
